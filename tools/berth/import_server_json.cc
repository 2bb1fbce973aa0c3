#include "tools/berth/import_server_json.h"

#include <iostream>
#include <utility>

#include "specs/import/json_file.h"
#include "specs/import/server_json.h"
#include "tools/berth/command_line.h"
#include "tools/berth/import_output.h"

namespace berth::cli {
namespace {

constexpr char kUsage[] =
    "usage: berth import server-json FILE [--name NAME] [--secrets DIR] [--var KEY=VALUE]...\n"
    "  FILE            a server.json of the official MCP registry (or one item of its API)\n"
    "  --name NAME     the server's name (default: from the registry name)\n"
    "  --secrets DIR   write secret values given with --var to DIR (mode 0600)\n"
    "  --var KEY=VALUE a value the entry asks for: a variable, an argument's name or value\n"
    "                  hint, or an environment variable\n";

Result<specs::import::Vars> vars_of(const CommandLine& line) {
  specs::import::Vars vars;
  for (const std::string& var : line.values("--var")) {
    size_t equals = var.find('=');
    if (equals == std::string::npos || equals == 0) {
      return Error{"--var " + var + ": expected KEY=VALUE"};
    }
    vars[var.substr(0, equals)] = var.substr(equals + 1);
  }
  return vars;
}

}  // namespace

int import_server_json_command(const std::vector<std::string>& args) {
  auto line = CommandLine::parse(args, OptionSpec{{"--name", "--secrets", "--var"}, {"--help"}});
  auto vars = line ? vars_of(*line) : Result<specs::import::Vars>(line.error_value());
  if (!vars || line->flag("--help") || line->operands().size() != 1) {
    if (!vars) std::cerr << "berth import server-json: " << vars.error() << "\n";
    bool help = vars && line->flag("--help");
    (help ? std::cout : std::cerr) << kUsage;
    return help ? 0 : 2;
  }
  std::string file = line->operands()[0];
  std::error_code ec;
  auto document = specs::import::read_json_file(file);
  auto draft = document
                   ? specs::import::import_server_json(
                         **document,
                         specs::import::ServerJsonInput{file, line->value_or("--name", ""), *vars,
                                                        std::filesystem::current_path(ec)})
                   : Result<specs::import::SpecDraft>(document.error_value());
  return print_draft(std::move(draft), secrets_dir_option(line->value("--secrets")), "server-json",
                     "");
}

}  // namespace berth::cli
