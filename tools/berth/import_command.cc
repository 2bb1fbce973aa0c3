#include "tools/berth/import_command.h"

#include <iostream>

#include "tools/berth/import_client_config.h"
#include "tools/berth/import_docker_run.h"
#include "tools/berth/import_server_json.h"

namespace berth::cli {
namespace {

constexpr char kUsage[] =
    "usage: berth import <source> ...\n"
    "\n"
    "sources:\n"
    "  docker-run [--name NAME] [--transport T] [--secrets DIR] -- <docker run arguments>\n"
    "             print the spec of one docker run command line\n"
    "  client-config FILE [--out DIR] [--secrets DIR] [--listen HOST:PORT]\n"
    "             a Claude Desktop, Cursor or VS Code MCP config: one spec file per server\n"
    "  server-json FILE [--name NAME] [--secrets DIR] [--var NAME=VALUE]...\n"
    "             print the spec of an entry of the official MCP registry\n"
    "\n"
    "Nothing is overwritten; secret values go to the secrets directory, never into a spec.\n";

}  // namespace

int import_command(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "docker-run") return import_docker_run_command(rest);
  if (args[0] == "client-config") return import_client_config_command(rest);
  if (args[0] == "server-json") return import_server_json_command(rest);
  std::cerr << "berth import: unknown source \"" << args[0] << "\"\n" << kUsage;
  return 2;
}

}  // namespace berth::cli
