#include "reconciler/container_plan.h"

#include <cstdio>

#include "specs/canonical.h"
#include "specs/desired_state.h"

namespace berth::reconciler {

Labels instance_selector(const std::string& instance) {
  return Labels{{kLabelManaged, "true"}, {kLabelInstance, instance}};
}

std::string container_name(const std::string& instance, const std::string& server,
                           const std::string& spec_hash) {
  return "berth-" + instance + "-" + server + "-" + spec_hash.substr(0, 12);
}

bool held_by_invalid_file(const Labels& container_labels, const std::set<std::string>& invalid) {
  auto source = container_labels.find(kLabelSource);
  return source != container_labels.end() && specs::held_by_invalid(source->second, invalid);
}

namespace {

void add_secret_mounts(const PlanInput& input, ContainerConfig& config) {
  config.mounts.push_back(BindMount{input.launcher.string(), kLauncherInContainer, true, false});
  if (!input.secrets.env_dir.empty()) {
    config.mounts.push_back(
        BindMount{input.secrets.env_dir.string(), kEnvSecretsInContainer, true, false});
  }
  for (const specs::SecretRef& secret : input.spec.secrets) {
    if (secret.path.empty()) continue;
    config.mounts.push_back(
        BindMount{input.secrets.files.at(secret.name).string(), secret.path, true, false});
  }
}

}  // namespace

std::string tmpfs_options(const specs::TmpfsMount& mount) {
  std::string options;
  if (mount.size_bytes) options = "size=" + std::to_string(*mount.size_bytes);
  if (mount.mode) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%o", *mount.mode);
    options += (options.empty() ? "mode=" : ",mode=") + std::string(mode);
  }
  return options;
}

std::vector<std::string> server_command(const specs::ServerSpec& spec, const ImageConfig& image) {
  // Docker's rule: an entrypoint of the container's own drops the image's CMD.
  std::vector<std::string> command = spec.command.value_or(image.entrypoint);
  const std::vector<std::string>& args =
      spec.args ? *spec.args : (spec.command ? std::vector<std::string>{} : image.cmd);
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

Result<ContainerConfig> plan_container(const PlanInput& input) {
  const specs::ServerSpec& spec = input.spec;
  std::vector<std::string> command = server_command(spec, input.image);
  if (command.empty()) {
    return Error{"the image " + spec.image +
                 " has no ENTRYPOINT or CMD and the spec no command: nothing to run"};
  }
  ContainerConfig config;
  config.name = container_name(input.instance, spec.name, input.spec_hash);
  config.image = spec.image;
  config.entrypoint = std::vector<std::string>{kLauncherInContainer};
  std::vector<std::string> cmd;
  if (!input.secrets.env_dir.empty()) cmd = {"--env-dir", kEnvSecretsInContainer};
  cmd.push_back("--");
  cmd.insert(cmd.end(), command.begin(), command.end());
  config.cmd = std::move(cmd);
  config.init = false;  // the launcher is PID 1
  for (const auto& [key, value] : spec.env) config.env.push_back(key + "=" + value);
  config.labels = spec.labels;
  config.labels[kLabelManaged] = "true";
  config.labels[kLabelInstance] = input.instance;
  config.labels[kLabelServer] = spec.name;
  config.labels[kLabelHash] = input.spec_hash;
  config.labels[kLabelSpec] = specs::canonical_json(spec);
  config.labels[kLabelSource] = spec.source_file;
  config.open_stdin = spec.transport.type == specs::TransportType::kStdio;
  config.container_port = spec.transport.port;
  if (config.open_stdin) {
    config.log_driver = "none";
  } else {
    config.log_driver = "json-file";
    config.log_options = {{"max-size", kLogFileSize}, {"max-file", kLogFiles}};
  }
  add_secret_mounts(input, config);
  for (const specs::VolumeMount& volume : spec.volumes) {
    config.mounts.push_back(
        BindMount{volume.source, volume.target, volume.read_only, volume.named_volume});
  }
  config.memory_bytes = spec.resources.memory_bytes;
  config.nano_cpus = spec.resources.nano_cpus;
  config.pids_limit = spec.resources.pids;
  config.network_mode = spec.network;
  config.user = spec.user;
  config.read_only_rootfs = spec.read_only_root_filesystem;
  for (const specs::TmpfsMount& mount : spec.tmpfs) {
    config.tmpfs[mount.target] = tmpfs_options(mount);
  }
  return config;
}

}  // namespace berth::reconciler
