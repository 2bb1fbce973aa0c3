#pragma once
// Reads an MCP client's config and makes a draft of every server it runs locally:
//   Claude Desktop, Cursor, Claude Code  {"mcpServers": {NAME: {command, args, env} | {url}}}
//   VS Code (.vscode/mcp.json)            {"servers": {NAME: {type, command, args, env} | {url}}}
//   VS Code user settings                 {"mcp": {"servers": {…}}}
// `docker run …` entries become exact specs (docker_run.h), their `env` supplying what `-e NAME`
// takes; `npx`/`uvx` entries run on a public runtime image (package_runners.h); remote (`url`)
// entries are skipped, to stay in the client as they are; anything else is an error for that one
// entry, and the others still import. Pure.

#include <rapidjson/document.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "specs/import/spec_draft.h"

namespace berth::specs::import {

enum class ClientFormat { kMcpServers, kVsCode, kVsCodeSettings };

struct ConfigServer {
  std::string key;                 // the entry's name in the config
  std::optional<SpecDraft> draft;  // set when the entry was imported
  std::string skipped;             // a remote server, left in the client: where it is
  std::string error;               // why the entry could not be imported
};

struct ClientConfig {
  ClientFormat format = ClientFormat::kMcpServers;
  std::vector<ConfigServer> servers;
};

inline constexpr size_t kMaxConfigServers = 1000;

// `file` names the config in notes and errors; relative host paths of docker entries resolve
// against `cwd`.
Result<ClientConfig> import_client_config(const rapidjson::Value& root, const std::string& file,
                                          const std::filesystem::path& cwd);

}  // namespace berth::specs::import
