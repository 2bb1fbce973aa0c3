#include "reconciler/handoff/server_status.h"

namespace berth::reconciler {

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::kPending:
      return "Pending";
    case Phase::kStarting:
      return "Starting";
    case Phase::kReady:
      return "Ready";
    case Phase::kUnhealthy:
      return "Unhealthy";
    case Phase::kBackOff:
      return "BackOff";
    case Phase::kTerminating:
      return "Terminating";
  }
  return "?";
}

}  // namespace berth::reconciler
