#pragma once
// What `berth run` would do now for each server, computed without changing anything: the
// answer of `berth plan`. Pure functions over the desired state and the containers found.

#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "reconciler/docker_api.h"
#include "specs/desired_state.h"

namespace berth::reconciler {

enum class PlanAction { kCreate, kReplace, kRemove, kKeep, kBlocked };
std::string_view to_string(PlanAction action);

struct PlanItem {
  std::string server;
  PlanAction action = PlanAction::kKeep;
  std::vector<std::string> changed;  // kReplace: the spec fields that differ
  std::string detail;                // kBlocked: why; kRemove: why
};

// `hashes`: each desired server's spec hash, or why it cannot be computed (a missing secret).
// `containers`: every container of this instance.
std::vector<PlanItem> make_plan(const specs::DesiredState& desired,
                                const std::map<std::string, Result<std::string>>& hashes,
                                const std::vector<ContainerSummary>& containers);

// The top-level fields of two canonical forms that differ ("image", "env", …), a field missing
// from the old form as "user (new in this berth)"; "secret contents" when the forms are equal,
// since then only a secret file can have changed the hash.
std::vector<std::string> changed_fields(const std::string& old_canonical,
                                        const std::string& new_canonical);

}  // namespace berth::reconciler
