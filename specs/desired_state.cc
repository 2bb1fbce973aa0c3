#include "specs/desired_state.h"

namespace berth::specs {

DesiredState carry_over_invalid(const DesiredState& previous, DesiredState next) {
  for (const auto& [name, spec] : previous.servers) {
    if (next.invalid_files.count(spec.source_file) != 0) next.servers.try_emplace(name, spec);
  }
  return next;
}

}  // namespace berth::specs
