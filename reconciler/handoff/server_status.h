#pragma once
// Status of every server as the reconciler sees it, published read-only for /status, berth
// status, the dashboard and /metrics.
//
// The reconciler keeps the live status under its own lock and publishes immutable snapshots
// (`shared_ptr<const StatusSnapshot>`) through StatusSource; readers on any thread take the
// current snapshot and never block the reconciler for longer than a pointer copy. Nothing here
// ever holds a secret value.

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "specs/server_spec.h"
#include "specs/spec_error.h"

namespace berth::reconciler {

enum class Phase { kPending, kStarting, kReady, kUnhealthy, kBackOff, kTerminating };
std::string_view to_string(Phase phase);

using WallTime = std::chrono::system_clock::time_point;

// One line of a server's history: created, started, died (exit code), health failed, backing
// off until …
struct ServerEvent {
  WallTime time;
  std::string kind;     // "created", "started", "died", "health-failed", "backoff", …
  std::string message;  // human-readable detail
};

struct ServerStatus {
  std::string name;
  Phase phase = Phase::kPending;
  bool ready = false;
  specs::TransportType transport = specs::TransportType::kStdio;
  std::string route;  // "/mcp/{name}"
  std::string image;
  std::string container_id;
  std::string spec_hash;
  int restarts = 0;
  std::string last_error;
  std::string source;              // the spec file
  WallTime since;                  // when the phase last changed
  std::deque<ServerEvent> events;  // the last 20, oldest first
};

struct StatusSnapshot {
  std::vector<ServerStatus> servers;     // sorted by name
  std::vector<specs::SpecError> errors;  // spec errors now in force
  bool docker_reachable = false;
  bool synced = false;  // the first full reconcile has finished
};

class StatusSource {
 public:
  virtual ~StatusSource() = default;
  virtual std::shared_ptr<const StatusSnapshot> status() const = 0;
};

}  // namespace berth::reconciler
