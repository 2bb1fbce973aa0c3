#include "tools/berth/status_command.h"

#include <curl/curl.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <iostream>

#include "base/result.h"
#include "proxy/http/token_file.h"
#include "proxy/mcp/bounded_json.h"
#include "tools/berth/command_line.h"

namespace berth::cli {
namespace {

constexpr char kUsage[] =
    "usage: berth status [--url http://127.0.0.1:8080] [--token-file FILE] [--json]\n";

size_t append(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// GET url; `token`: sent as a bearer token when not empty (berth run --token-file).
Result<std::string> fetch(const std::string& url, const std::string& token) {
  CURL* curl = curl_easy_init();
  if (!curl) return Error{"cannot start libcurl"};
  std::string body;
  curl_slist* headers = nullptr;
  if (!token.empty()) {
    headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    return Error{"cannot reach berth at " + url + ": " + curl_easy_strerror(code)};
  }
  if (status != 200) return Error{url + " answered HTTP " + std::to_string(status) + ": " + body};
  return body;
}

std::string text(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd()) return "";
  if (it->value.IsString()) return it->value.GetString();
  if (it->value.IsBool()) return it->value.GetBool() ? "yes" : "no";
  if (it->value.IsInt()) return std::to_string(it->value.GetInt());
  return "";
}

// Prints the table; returns whether everything is ready and valid.
bool print_table(const rapidjson::Document& status) {
  bool healthy = true;
  std::printf("%-24s %-11s %-6s %-16s %-9s %-13s %-25s %s\n", "NAME", "PHASE", "READY", "TRANSPORT",
              "RESTARTS", "CONTAINER", "SINCE", "LAST ERROR");
  for (const auto& server : status["servers"].GetArray()) {
    healthy = healthy && text(server, "ready") == "yes";
    std::printf("%-24s %-11s %-6s %-16s %-9s %-13s %-25s %s\n", text(server, "name").c_str(),
                text(server, "phase").c_str(), text(server, "ready").c_str(),
                text(server, "transport").c_str(), text(server, "restarts").c_str(),
                text(server, "containerId").substr(0, 12).c_str(), text(server, "since").c_str(),
                text(server, "lastError").c_str());
  }
  for (const auto& error : status["errors"].GetArray()) {
    healthy = false;
    std::printf("spec error: %s:%s:%s: %s\n", text(error, "file").c_str(),
                text(error, "line").c_str(), text(error, "column").c_str(),
                text(error, "message").c_str());
  }
  return healthy;
}

}  // namespace

int status_command(const std::vector<std::string>& args) {
  auto line = CommandLine::parse(args, OptionSpec{{"--url", "--token-file"}, {"--json", "--help"}});
  if (!line || line->flag("--help")) {
    if (!line) std::cerr << "berth status: " << line.error() << "\n";
    std::cerr << kUsage;
    return line ? 0 : 2;
  }
  std::string url = line->value_or("--url", "http://127.0.0.1:8080");
  while (!url.empty() && url.back() == '/') url.pop_back();
  std::string token;
  if (auto file = line->value("--token-file")) {
    auto read = proxy::http::read_token_file(*file);
    if (!read) {
      std::cerr << "berth status: " << read.error() << "\n";
      return 2;
    }
    token = *read;
  }
  auto body = fetch(url + "/status", token);
  if (!body) {
    std::cerr << "berth status: " << body.error() << "\n";
    return 1;
  }
  if (line->flag("--json")) {
    std::cout << *body << "\n";
    return 0;
  }
  auto parsed = proxy::mcp::parse_json(*body);  // bounded: whatever answers may be hostile
  if (!parsed) {
    std::cerr << "berth status: " << url << "/status did not answer with berth's status JSON\n";
    return 1;
  }
  const rapidjson::Document& status = *parsed;
  if (!status.IsObject() || !status.HasMember("servers") || !status["servers"].IsArray() ||
      !status.HasMember("errors") || !status["errors"].IsArray()) {
    std::cerr << "berth status: " << url << "/status did not answer with berth's status JSON\n";
    return 1;
  }
  return print_table(status) ? 0 : 1;
}

}  // namespace berth::cli
