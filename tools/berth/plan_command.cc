#include "tools/berth/plan_command.h"

#include <cstdio>
#include <iostream>

#include "reconciler/container_plan.h"
#include "reconciler/docker/docker_client.h"
#include "reconciler/plan.h"
#include "specs/canonical.h"
#include "specs/hash_key.h"
#include "specs/secret_store.h"
#include "specs/spec_dir.h"
#include "specs/spec_loader.h"
#include "tools/berth/command_line.h"
#include "tools/berth/defaults.h"

namespace berth::cli {
namespace {

constexpr char kUsage[] =
    "usage: berth plan [--specs DIR] [--allow-empty] [--secrets DIR] [--docker URL]\n"
    "                  [--instance NAME]\n";

// Each server's hash as `run` would compute it; the hash key is only read, never created here.
std::map<std::string, Result<std::string>> hashes_of(const specs::DesiredState& desired,
                                                     const std::filesystem::path& secrets_dir) {
  specs::SecretStore store(secrets_dir);
  std::map<std::string, Result<std::string>> hashes;
  std::optional<Result<std::string>> key;
  for (const auto& [name, spec] : desired.servers) {
    auto secrets = store.read(spec);
    if (!secrets) {
      hashes.emplace(name, Error{secrets.error()});
      continue;
    }
    std::string key_text;
    if (!spec.secrets.empty()) {
      std::filesystem::path key_file = secrets_dir / specs::kHashKeyFileName;
      if (!std::filesystem::exists(key_file)) {
        hashes.emplace(name, std::string("(new hash key)"));  // run creates it: all replaced
        continue;
      }
      if (!key) key = specs::load_or_create_hash_key(key_file);
      if (!*key) {
        hashes.emplace(name, Error{key->error()});
        continue;
      }
      key_text = key->value();
    }
    hashes.emplace(name, specs::SpecHasher(key_text).hash(spec, *secrets));
  }
  return hashes;
}

void print_plan(const std::vector<reconciler::PlanItem>& plan) {
  for (const reconciler::PlanItem& item : plan) {
    std::string detail = item.detail;
    for (size_t i = 0; i < item.changed.size(); ++i) {
      detail += (i ? ", " : "") + item.changed[i];
    }
    std::printf("%-8s %-24s %s\n", std::string(reconciler::to_string(item.action)).c_str(),
                item.server.c_str(), detail.c_str());
  }
}

}  // namespace

int plan_command(const std::vector<std::string>& args) {
  auto line = CommandLine::parse(
      args,
      OptionSpec{{"--specs", "--secrets", "--docker", "--instance"}, {"--allow-empty", "--help"}});
  if (!line || line->flag("--help")) {
    if (!line) std::cerr << "berth plan: " << line.error() << "\n";
    std::cerr << kUsage;
    return line ? 0 : 2;
  }
  std::filesystem::path dir = line->value_or("--specs", kDefaultSpecDir);
  if (Status readable = specs::check_spec_dir(dir); !readable) {
    std::cerr << "berth plan: " << readable.error() << "\n";
    return 2;
  }
  specs::DesiredState desired = specs::load_specs({dir});
  specs::hold_if_untrusted(desired, dir, line->flag("--allow-empty"));
  for (const specs::SpecError& error : desired.errors) std::cerr << error.to_string() << "\n";
  if (!desired.hold_reason.empty()) std::cerr << "berth plan: " << desired.hold_reason << "\n";
  auto docker = line->value("--docker")
                    ? Result<std::unique_ptr<reconciler::DockerClient>>(
                          std::make_unique<reconciler::DockerClient>(*line->value("--docker")))
                    : reconciler::DockerClient::from_environment();
  if (!docker) {
    std::cerr << "berth plan: " << docker.error() << "\n";
    return 1;
  }
  std::string instance = line->value_or("--instance", "default");
  auto containers = (*docker)->list_containers(reconciler::instance_selector(instance));
  if (!containers) {
    std::cerr << "berth plan: " << containers.error() << "\n";
    return 1;
  }
  auto hashes = hashes_of(desired, line->value_or("--secrets", kDefaultSecretsDir));
  print_plan(reconciler::make_plan(desired, hashes, *containers));
  if (!desired.errors.empty()) {
    std::cerr << "invalid files keep their running servers; nothing is planned for them\n";
  }
  return desired.errors.empty() && desired.hold_reason.empty() ? 0 : 1;
}

}  // namespace berth::cli
