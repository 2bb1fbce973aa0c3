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

#include "reconciler/docker_api.h"
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

struct PlanInput {
  const specs::ServerSpec& spec;
  const std::string& instance;
  const std::string& spec_hash;
  const std::map<std::string, std::string>& secret_values;  // name → contents
  const std::filesystem::path& secrets_dir;                 // absolute
};

// Docker's option text for a tmpfs mount: "size=67108864,mode=1777", "" for Docker's defaults.
std::string tmpfs_options(const specs::TmpfsMount& mount);

// REQUIRES: secret_values holds every secret of the spec.
ContainerConfig plan_container(const PlanInput& input);

}  // namespace berth::reconciler
