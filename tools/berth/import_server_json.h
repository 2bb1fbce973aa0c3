#pragma once
// `berth import server-json FILE [--name NAME] [--secrets DIR] [--var KEY=VALUE]...`: prints the
// spec of an entry of the official MCP registry, and on stderr what the user still has to do.

#include <string>
#include <vector>

namespace berth::cli {

int import_server_json_command(const std::vector<std::string>& args);

}  // namespace berth::cli
