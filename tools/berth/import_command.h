#pragma once
// `berth import`: writes spec files from what users have today. Three sources:
//   docker-run      one `docker run` command line → one spec, printed
//   client-config   a Claude Desktop, Cursor or VS Code MCP config → one spec file per server
//   server-json     an entry of the official MCP registry → one spec, printed
// Nothing is ever overwritten, and no secret value is ever put in a spec.

#include <string>
#include <vector>

namespace berth::cli {

int import_command(const std::vector<std::string>& args);

}  // namespace berth::cli
