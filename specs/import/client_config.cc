#include "specs/import/client_config.h"

#include <algorithm>
#include <map>

#include "specs/import/docker_run.h"
#include "specs/import/draft_env.h"
#include "specs/import/import_names.h"
#include "specs/import/package_runners.h"
#include "specs/names.h"

namespace berth::specs::import {
namespace {

using Env = std::vector<std::pair<std::string, std::string>>;

std::string quote_text(std::string_view text) { return "\"" + std::string(text) + "\""; }

Result<std::string> string_field(const rapidjson::Value& entry, const char* key,
                                 const std::string& path) {
  auto it = entry.FindMember(key);
  if (it == entry.MemberEnd()) return std::string();
  if (!it->value.IsString()) return Error{path + "." + key + ": not a string"};
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

Result<std::vector<std::string>> args_field(const rapidjson::Value& entry,
                                            const std::string& path) {
  std::vector<std::string> args;
  auto it = entry.FindMember("args");
  if (it == entry.MemberEnd()) return args;
  if (!it->value.IsArray()) return Error{path + ".args: not a list"};
  for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
    const rapidjson::Value& arg = it->value[i];
    if (!arg.IsString()) return Error{path + ".args[" + std::to_string(i) + "]: not a string"};
    args.emplace_back(arg.GetString(), arg.GetStringLength());
  }
  return args;
}

Result<Env> env_field(const rapidjson::Value& entry, const std::string& path) {
  Env env;
  auto it = entry.FindMember("env");
  if (it == entry.MemberEnd()) return env;
  if (!it->value.IsObject()) return Error{path + ".env: not an object"};
  for (const auto& member : it->value.GetObject()) {
    std::string name(member.name.GetString(), member.name.GetStringLength());
    if (!is_env_name(name)) {
      return Error{path + ".env: " + quote_text(name) +
                   " is not a valid environment variable name"};
    }
    if (member.value.IsString()) {
      env.emplace_back(name, std::string(member.value.GetString(), member.value.GetStringLength()));
    } else if (member.value.IsNumber() || member.value.IsBool()) {
      return Error{path + ".env." + name + ": write the value as a string"};
    } else {
      return Error{path + ".env." + name + ": not a string"};
    }
  }
  return env;
}

// `${input:id}` (VS Code prompts for it) or `${env:NAME}` (the client's environment): a value
// berth cannot know, so a secret file the user fills in. Empty for a literal value.
std::string variable_reference(const std::string& value) {
  if (value.rfind("${input:", 0) == 0 && value.back() == '}') {
    return "the client asks the user for it (" + value + ")";
  }
  if (value.rfind("${env:", 0) == 0 && value.back() == '}') {
    return "the client takes it from its environment (" + value + ")";
  }
  return "";
}

void add_entry_env(SpecDraft& draft, const Env& env, const std::string& path) {
  for (const auto& [name, value] : env) {
    unset_env(draft, name);
    if (std::string reference = variable_reference(value); !reference.empty()) {
      add_secret(draft, name, std::nullopt, name + ": " + reference);
    } else {
      add_known_env(draft, name, value, path + ".env." + name);
    }
  }
}

Result<SpecDraft> import_docker_entry(const std::vector<std::string>& args, const Env& env,
                                      const std::string& name, const std::filesystem::path& cwd) {
  std::map<std::string, std::string> literal;
  for (const auto& [key, value] : env) {
    if (variable_reference(value).empty()) literal[key] = value;
  }
  auto draft = import_docker_run(DockerRunInput{args, name, "", cwd, literal});
  if (!draft) return draft;
  for (const auto& [key, value] : env) {
    if (!draft.value().sets_env(key)) {
      draft.value().header.push_back("Not imported: env " + key +
                                     ", which no -e passes to the container.");
    }
  }
  return draft;
}

bool is_docker(const std::string& command) {
  std::string name = std::filesystem::path(command).filename().string();
  return name == "docker" || name == "docker.exe";
}

Result<SpecDraft> import_command_entry(const rapidjson::Value& entry, const std::string& path,
                                       const std::string& name, const std::filesystem::path& cwd) {
  auto command = string_field(entry, "command", path);
  if (!command) return command.error_value();
  auto args = args_field(entry, path);
  if (!args) return args.error_value();
  auto env = env_field(entry, path);
  if (!env) return env.error_value();
  if (is_docker(*command)) {
    if (args->empty() || ((*args)[0] != "run" && (*args)[0] != "container")) {
      return Error{path + ": only `docker run` entries can be imported"};
    }
    return import_docker_entry(*args, *env, name, cwd);
  }
  if (!is_package_runner(*command)) {
    return Error{path + ".command: " + quote_text(*command) + " runs a program on this machine; " +
                 "berth runs servers from images (build one, then berth import docker-run)"};
  }
  auto draft = import_package_runner(*command, *args);
  if (!draft) return Error{path + ".args: " + draft.error()};
  draft.value().name = name;
  add_entry_env(draft.value(), *env, path);
  return draft;
}

ConfigServer import_entry(const std::string& key, const rapidjson::Value& entry,
                          const std::string& path, const std::string& name,
                          const std::filesystem::path& cwd) {
  ConfigServer server{key, std::nullopt, "", ""};
  if (!entry.IsObject()) {
    server.error = path + ": not an object";
    return server;
  }
  auto url = string_field(entry, entry.HasMember("serverUrl") ? "serverUrl" : "url", path);
  if (url && !url->empty()) {
    server.skipped = "a remote server at " + *url + "; keep its entry in the client";
    return server;
  }
  if (!entry.HasMember("command")) {
    server.error = path + ": neither command nor url";
    return server;
  }
  auto draft = import_command_entry(entry, path, name, cwd);
  if (!draft) {
    server.error = draft.error();
    return server;
  }
  if (entry.HasMember("cwd"))
    draft.value().header.push_back("Not imported: cwd (a spec has none).");
  if (entry.HasMember("envFile")) {
    draft.value().header.push_back("Not imported: envFile; add its variables to env or secrets.");
  }
  server.draft = std::move(draft).value();
  return server;
}

// The entries object and the format it tells, or an error naming what was expected.
Result<std::pair<const rapidjson::Value*, ClientFormat>> servers_object(
    const rapidjson::Value& root, const std::string& file) {
  if (!root.IsObject()) return Error{file + ": the config is not a JSON object"};
  auto pick =
      [&](const rapidjson::Value& parent, const char* key,
          ClientFormat format) -> std::optional<std::pair<const rapidjson::Value*, ClientFormat>> {
    auto it = parent.FindMember(key);
    if (it == parent.MemberEnd() || !it->value.IsObject()) return std::nullopt;
    return std::pair(&it->value, format);
  };
  if (auto found = pick(root, "mcpServers", ClientFormat::kMcpServers)) return *found;
  if (auto found = pick(root, "servers", ClientFormat::kVsCode)) return *found;
  auto mcp = root.FindMember("mcp");
  if (mcp != root.MemberEnd() && mcp->value.IsObject()) {
    if (auto found = pick(mcp->value, "servers", ClientFormat::kVsCodeSettings)) return *found;
  }
  return Error{file + ": no mcpServers object (Claude Desktop, Cursor) and no servers object " +
               "(VS Code)"};
}

std::string unique_name(const std::string& key, const std::vector<ConfigServer>& done) {
  std::string base = server_name_from(key);
  std::string name = base;
  auto taken = [&](const std::string& candidate) {
    return std::any_of(done.begin(), done.end(), [&](const ConfigServer& server) {
      return server.draft && server.draft.value().name == candidate;
    });
  };
  for (int n = 2; taken(name); ++n) name = base + "-" + std::to_string(n);
  return name;
}

}  // namespace

Result<ClientConfig> import_client_config(const rapidjson::Value& root, const std::string& file,
                                          const std::filesystem::path& cwd) {
  auto found = servers_object(root, file);
  if (!found) return found.error_value();
  auto [entries, format] = *found;
  if (entries->MemberCount() > kMaxConfigServers) {
    return Error{file + ": more than " + std::to_string(kMaxConfigServers) + " servers"};
  }
  std::string prefix = format == ClientFormat::kMcpServers ? "mcpServers"
                       : format == ClientFormat::kVsCode   ? "servers"
                                                           : "mcp.servers";
  ClientConfig config{format, {}};
  for (const auto& member : entries->GetObject()) {
    std::string key(member.name.GetString(), member.name.GetStringLength());
    std::string name = unique_name(key, config.servers);
    ConfigServer server = import_entry(key, member.value, prefix + "." + key, name, cwd);
    if (server.draft) {
      server.draft.value().name = name;
      server.draft.value().name_note =
          name == key ? "" : "from the entry " + quote_text(key) + " (server names are lowercase)";
      server.draft.value().header.insert(server.draft.value().header.begin(),
                                         "Imported by berth import client-config from " + file +
                                             ", entry " + quote_text(key) + ".");
    }
    config.servers.push_back(std::move(server));
  }
  return config;
}

}  // namespace berth::specs::import
