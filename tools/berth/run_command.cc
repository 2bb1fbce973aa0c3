#include "tools/berth/run_command.h"

#include <spdlog/spdlog.h>

#include <iostream>

#include "specs/secret_store.h"
#include "specs/spec_loader.h"
#include "tools/berth/command_line.h"

namespace berth::cli {

int run_command(const std::vector<std::string>& args) {
  auto line = CommandLine::parse(args, OptionSpec{{"--specs", "--secrets"}, {"--help"}});
  if (!line || line->flag("--help")) {
    if (!line) std::cerr << "berth run: " << line.error() << "\n";
    std::cerr << "usage: berth run [--specs DIR] [--secrets DIR]\n";
    return line ? 0 : 2;
  }
  std::string dir = line->value_or("--specs", "specs");
  specs::DesiredState state = specs::load_specs({dir});
  specs::SecretStore secrets(line->value_or("--secrets", "secrets"));
  for (const specs::SpecError& error : state.errors) {
    spdlog::error("spec invalid error=\"{}\"", error.to_string());
  }
  for (const auto& [name, spec] : state.servers) {
    size_t missing = secrets.check(spec).size();
    spdlog::info("spec valid server={} image={} transport={} source={} missing_secrets={}", name,
                 spec.image, specs::to_string(spec.transport.type), spec.source_file, missing);
  }
  spdlog::warn(
      "the reconciler is not built yet: berth validated specs={} servers={} errors={} and "
      "starts no containers",
      dir, state.servers.size(), state.errors.size());
  return state.errors.empty() ? 0 : 1;
}

}  // namespace berth::cli
