#include "tests/tools/berth/berth_process.h"

#include <rapidjson/document.h>
#include <signal.h>

#include <charconv>
#include <fstream>
#include <string_view>
#include <thread>

#include "tests/tools/http_test_client.h"

namespace berth::test_support {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::string_view kListenKey = "listen=";
constexpr std::size_t kLogTail = 4000;

// The port of berth's "berth running … listen=HOST:PORT …" line, or 0.
std::uint16_t listen_port(std::string_view line) {
  if (line.find("berth running") == std::string_view::npos) return 0;
  std::size_t at = line.find(kListenKey);
  if (at == std::string_view::npos) return 0;
  std::string_view value = line.substr(at + kListenKey.size());
  value = value.substr(0, value.find(' '));
  std::size_t colon = value.rfind(':');
  unsigned port = 0;
  if (colon == std::string_view::npos) return 0;
  std::from_chars(value.data() + colon + 1, value.data() + value.size(), port);
  return static_cast<std::uint16_t>(port);
}

std::string string_member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

ServerView parse_server(const rapidjson::Value& s) {
  ServerView view;
  view.name = string_member(s, "name");
  view.phase = string_member(s, "phase");
  view.container_id = string_member(s, "containerId");
  view.spec_hash = string_member(s, "specHash");
  view.last_error = string_member(s, "lastError");
  if (s.HasMember("ready") && s["ready"].IsBool()) view.ready = s["ready"].GetBool();
  if (s.HasMember("restarts") && s["restarts"].IsInt()) view.restarts = s["restarts"].GetInt();
  return view;
}

std::optional<StatusView> parse_status(const std::string& body, std::string& error) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("servers") ||
      !doc["servers"].IsArray()) {
    error = "not a status document: " + body;
    return std::nullopt;
  }
  StatusView view;
  view.body = body;
  for (const rapidjson::Value& s : doc["servers"].GetArray()) {
    ServerView server = parse_server(s);
    view.servers[server.name] = server;
  }
  if (doc.HasMember("errors") && doc["errors"].IsArray()) {
    for (const rapidjson::Value& e : doc["errors"].GetArray()) {
      int line = e.HasMember("line") && e["line"].IsInt() ? e["line"].GetInt() : 0;
      view.errors.push_back(string_member(e, "file") + ":" + std::to_string(line) + ": " +
                            string_member(e, "message"));
    }
  }
  return view;
}

}  // namespace

const ServerView* StatusView::find(const std::string& name) const {
  auto it = servers.find(name);
  return it == servers.end() ? nullptr : &it->second;
}

bool StatusView::ready(const std::string& name) const {
  const ServerView* server = find(name);
  return server != nullptr && server->ready && server->phase == "Ready";
}

std::unique_ptr<BerthProcess> BerthProcess::start(const BerthOptions& options, std::string& error) {
  std::vector<std::string> argv{BERTH_BINARY_PATH, "run",           "--specs",    options.specs,
                                "--secrets",       options.secrets, "--instance", options.instance,
                                "--listen",        "127.0.0.1:0"};
  if (!options.docker.empty()) argv.insert(argv.end(), {"--docker", options.docker});
  if (options.watch) argv.push_back("--watch");
  if (!options.token_file.empty()) argv.insert(argv.end(), {"--token-file", options.token_file});
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  auto child = ChildProcess::spawn(argv, error);
  if (!child) return nullptr;
  std::unique_ptr<BerthProcess> berth(new BerthProcess(std::move(child)));
  if (!options.token_file.empty()) {
    std::ifstream in(options.token_file);
    std::getline(in, berth->token_);
  }
  auto deadline = Clock::now() + 30s;
  while (Clock::now() < deadline) {
    auto left = std::chrono::duration_cast<Duration>(deadline - Clock::now());
    std::optional<std::string> line = berth->process_->read_line(left);
    if (!line) break;
    berth->log_ += *line + "\n";
    if (std::uint16_t port = listen_port(*line); port != 0) {
      berth->port_ = port;
      return berth;
    }
  }
  error = "berth did not report its listen address; log:\n" + berth->log() +
          berth->process_->pending_stderr();
  return nullptr;
}

std::map<std::string, std::string> BerthProcess::auth_headers() const {
  if (token_.empty()) return {};
  return {{"Authorization", "Bearer " + token_}};
}

void BerthProcess::drain() {
  log_ += process_->take_stdout();
  log_ += process_->take_stderr();
}

const std::string& BerthProcess::log() {
  drain();
  return log_;
}

std::string BerthProcess::get(const std::string& target) {
  HttpTestClient client(port_);
  HttpTestResult result =
      client.request(boost::beast::http::verb::get, target, "", auth_headers(), 5s);
  drain();
  return result.ok() ? result.response.body : "";
}

std::optional<StatusView> BerthProcess::status(std::string* error) {
  HttpTestClient client(port_);
  HttpTestResult result =
      client.request(boost::beast::http::verb::get, "/status", "", auth_headers(), 5s);
  drain();
  std::string why;
  std::optional<StatusView> view;
  if (!result.ok()) {
    why = result.error;
  } else {
    view = parse_status(result.response.body, why);
  }
  if (error != nullptr) *error = why;
  return view;
}

::testing::AssertionResult BerthProcess::wait_for(const std::string& what,
                                                  const Condition& condition, Duration timeout,
                                                  StatusView* satisfied) {
  auto deadline = Clock::now() + timeout;
  std::string last = "(no answer)";
  do {
    std::string error;
    std::optional<StatusView> view = status(&error);
    if (view && condition(*view)) {
      if (satisfied != nullptr) *satisfied = *view;
      return ::testing::AssertionSuccess();
    }
    last = view ? view->body : error;
    std::this_thread::sleep_for(100ms);  // polling pace of the test, not a wait for a condition
  } while (Clock::now() < deadline);
  std::string tail = log();
  if (tail.size() > kLogTail) tail = "…" + tail.substr(tail.size() - kLogTail);
  return ::testing::AssertionFailure()
         << "timed out after " << timeout.count() << " ms waiting for " << what
         << "\nlast status: " << last << "\nberth log:\n"
         << tail;
}

::testing::AssertionResult BerthProcess::wait_ready(const std::string& name,
                                                    StatusView* satisfied) {
  return wait_for(
      name + " Ready", [&](const StatusView& s) { return s.ready(name); }, kReadyTimeout,
      satisfied);
}

std::optional<ExitStatus> BerthProcess::stop(Duration timeout) {
  process_->send_signal(SIGTERM);
  std::optional<ExitStatus> status = process_->wait(timeout);
  drain();
  return status;
}

}  // namespace berth::test_support
