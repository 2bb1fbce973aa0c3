// berth: runs MCP servers on Docker from a directory of spec files.

#include <spdlog/spdlog.h>

#include <iostream>
#include <string>
#include <vector>

#include "tools/berth/import_command.h"
#include "tools/berth/plan_command.h"
#include "tools/berth/run_command.h"
#include "tools/berth/status_command.h"
#include "tools/berth/validate_command.h"

namespace {

constexpr char kUsage[] =
    "usage: berth <command> [options]\n"
    "\n"
    "commands:\n"
    "  run        keep Docker equal to the spec directory\n"
    "  plan       what run would do now, changing nothing\n"
    "  status     the status of a running berth\n"
    "  validate   check spec files and report every error\n"
    "  import     write spec files from docker run lines, client configs, registry entries\n"
    "  version    print the version\n"
    "\n"
    "Run `berth <command> --help` for the options of a command.\n";

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  std::string command = args.front();
  args.erase(args.begin());
  if (command == "run") return berth::cli::run_command(args);
  if (command == "validate") return berth::cli::validate_command(args);
  if (command == "plan") return berth::cli::plan_command(args);
  if (command == "status") return berth::cli::status_command(args);
  if (command == "import") return berth::cli::import_command(args);
  if (command == "version" || command == "--version") {
    std::cout << "berth " << BERTH_VERSION << "\n";
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "berth: unknown command \"" << command << "\"\n" << kUsage;
  return 2;
}
