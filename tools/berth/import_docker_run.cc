#include "tools/berth/import_docker_run.h"

#include <filesystem>
#include <iostream>
#include <utility>

#include "specs/import/docker_run.h"
#include "tools/berth/command_line.h"
#include "tools/berth/import_output.h"

namespace berth::cli {
namespace {

constexpr char kUsage[] =
    "usage: berth import docker-run [--name NAME] [--transport T] [--secrets DIR] -- "
    "<docker run arguments>\n"
    "  --name NAME     the server's name (default: docker's --name, else the image's name)\n"
    "  --transport T   stdio (the default with -i), streamable-http or sse (with -p PORT)\n"
    "  --secrets DIR   write secret values given on the line to DIR (mode 0600) instead of\n"
    "                  only naming the files to create\n";

}  // namespace

int import_docker_run_command(const std::vector<std::string>& args) {
  auto line =
      CommandLine::parse(args, OptionSpec{{"--name", "--transport", "--secrets"}, {"--help"}});
  if (!line || line->flag("--help") || line->operands().empty()) {
    if (!line) std::cerr << "berth import docker-run: " << line.error() << "\n";
    if (line && !line->flag("--help")) std::cerr << "berth import docker-run: no arguments\n";
    (line && line->flag("--help") ? std::cout : std::cerr) << kUsage;
    return line && line->flag("--help") ? 0 : 2;
  }
  std::error_code ec;
  specs::import::DockerRunInput input{line->operands(),
                                      line->value_or("--name", ""),
                                      line->value_or("--transport", ""),
                                      std::filesystem::current_path(ec),
                                      {}};
  auto draft = specs::import::import_docker_run(input);
  return print_draft(std::move(draft), secrets_dir_option(line->value("--secrets")), "docker-run",
                     "# Imported by berth import docker-run.\n");
}

}  // namespace berth::cli
