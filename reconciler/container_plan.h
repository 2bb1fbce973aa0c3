#pragma once
// How a ServerSpec becomes a Docker container: its name, its labels and its create request.
//
// Every container berth creates carries berth.managed=true, berth.instance, berth.server,
// berth.spec-hash, berth.spec (the canonical form, which holds no secret values, so `plan`
// can name the fields that changed) and berth.source (the spec file, so a container whose file
// is invalid when berth starts is kept) plus the spec's own labels. The name embeds the hash, so a
// replacement can start beside the container it replaces. Pure functions.

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "reconciler/docker_api.h"
#include "reconciler/secret_files.h"
#include "specs/server_spec.h"

namespace berth::reconciler {

inline constexpr char kLabelManaged[] = "berth.managed";
inline constexpr char kLabelInstance[] = "berth.instance";
inline constexpr char kLabelServer[] = "berth.server";
inline constexpr char kLabelHash[] = "berth.spec-hash";
inline constexpr char kLabelSpec[] = "berth.spec";
inline constexpr char kLabelSource[] = "berth.source";

// Whether `container` came from a spec file that is invalid in `desired` (or from a directory
// that could not be read): such a container is kept, never removed for want of a spec.
bool held_by_invalid_file(const Labels& container_labels, const std::set<std::string>& invalid);

// The labels that select every container of one berth instance.
Labels instance_selector(const std::string& instance);

// `berth-<instance>-<server>-<first 12 hex digits of the hash>`
std::string container_name(const std::string& instance, const std::string& server,
                           const std::string& spec_hash);

// Docker's logs of an HTTP or SSE server: json-file, at most kLogFiles files of kLogFileSize.
// A stdio server's stdout is the protocol (tool results included), so its container keeps no
// logs at all (driver "none"); berth keeps its stderr in memory instead.
inline constexpr char kLogFileSize[] = "10m";
inline constexpr char kLogFiles[] = "3";

// Where berth's pieces appear inside every container.
inline constexpr char kLauncherInContainer[] = "/.berth/launcher";
inline constexpr char kEnvSecretsInContainer[] = "/.berth/env";

struct PlanInput {
  const specs::ServerSpec& spec;
  const std::string& instance;
  const std::string& spec_hash;
  const ImageConfig& image;               // how the image starts on its own
  const ContainerSecrets& secrets;        // the container's secret files (secret_files.h)
  const std::filesystem::path& launcher;  // berth-launcher on the host
};

// The server's command line: the spec's command (or the image's ENTRYPOINT) followed by the
// spec's args (or, when neither command nor args is set, the image's CMD), as Docker would.
std::vector<std::string> server_command(const specs::ServerSpec& spec, const ImageConfig& image);

// The create request. berth-launcher, mounted read-only, is the entrypoint and PID 1 (in place of
// Docker's init); it reads the env secrets from their mounted directory and runs
// server_command(). No secret value is in the request: the env holds only spec.env, and secret
// files are bind-mounted read-only. An error when there is no command to run.
Result<ContainerConfig> plan_container(const PlanInput& input);

}  // namespace berth::reconciler
