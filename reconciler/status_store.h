#pragma once
// StatusStore: the reconciler's memory of every server (ServerState) and the snapshots built
// from it: the read-only StatusSnapshot and the RouteTable handed to the proxy.
//
// Thread-safe: reconciler workers and probe callbacks change states through update(); readers
// take immutable snapshots (status(), built after each change) without waiting for a reconcile.
// A route table is published to the RouteSink only when a route actually changed.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "reconciler/handoff/route_table.h"
#include "reconciler/handoff/server_status.h"
#include "reconciler/server_state.h"

namespace berth::reconciler {

inline constexpr size_t kEventsKept = 20;

class StatusStore : public StatusSource {
 public:
  StatusStore(const Clock& clock, RouteSink& routes) : clock_(clock), routes_(routes) {}

  // Runs `change` on the state of `name` (created when absent) under the lock, then republishes
  // the status snapshot and, when a route changed, the route table.
  void update(const std::string& name, const std::function<void(ServerState&)>& change);
  // update() for several names, published once.
  void update_each(const std::vector<std::string>& names,
                   const std::function<void(ServerState&)>& change);
  // A copy of the state of `name`, if known.
  std::optional<ServerState> get(const std::string& name) const;
  void erase(const std::string& name);
  std::vector<std::string> names() const;

  void set_spec_errors(std::vector<specs::SpecError> errors);
  void set_docker_reachable(bool reachable);
  void set_synced();

  std::shared_ptr<const StatusSnapshot> status() const override;

  // Appends an event to a state's history, dropping the oldest beyond kEventsKept.
  static void add_event(ServerState& state, WallTime time, std::string kind, std::string message);
  // Sets the phase (and `since` when it changes).
  static void set_phase(ServerState& state, Phase phase, WallTime now);

 private:
  // REQUIRES: mutex_ held
  void publish_locked();

  const Clock& clock_;
  RouteSink& routes_;
  mutable std::mutex mutex_;
  std::map<std::string, ServerState> states_;  // GUARDED_BY(mutex_)
  std::vector<specs::SpecError> spec_errors_;  // GUARDED_BY(mutex_)
  bool docker_reachable_ = false;              // GUARDED_BY(mutex_)
  bool synced_ = false;                        // GUARDED_BY(mutex_)
  std::shared_ptr<const StatusSnapshot> snapshot_ = std::make_shared<StatusSnapshot>();
  // GUARDED_BY(mutex_)
  std::map<std::string, Route> published_routes_;  // GUARDED_BY(mutex_)
  uint64_t route_version_ = 0;                     // GUARDED_BY(mutex_)
};

}  // namespace berth::reconciler
