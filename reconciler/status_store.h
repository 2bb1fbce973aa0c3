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
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/mutex.h"
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
  void update(const std::string& name, const std::function<void(ServerState&)>& change)
      EXCLUDES(mutex_);
  // update() for several names, published once.
  void update_each(const std::vector<std::string>& names,
                   const std::function<void(ServerState&)>& change) EXCLUDES(mutex_);
  // A copy of the state of `name`, if known.
  std::optional<ServerState> get(const std::string& name) const EXCLUDES(mutex_);
  void erase(const std::string& name) EXCLUDES(mutex_);
  std::vector<std::string> names() const EXCLUDES(mutex_);

  void set_spec_errors(std::vector<specs::SpecError> errors) EXCLUDES(mutex_);
  void set_docker_reachable(bool reachable) EXCLUDES(mutex_);
  void set_synced() EXCLUDES(mutex_);

  std::shared_ptr<const StatusSnapshot> status() const override EXCLUDES(mutex_);

  // Appends an event to a state's history, dropping the oldest beyond kEventsKept.
  static void add_event(ServerState& state, WallTime time, std::string kind, std::string message);
  // Sets the phase (and `since` when it changes).
  static void set_phase(ServerState& state, Phase phase, WallTime now);

 private:
  void publish_locked() REQUIRES(mutex_);

  const Clock& clock_;
  RouteSink& routes_;
  mutable Mutex mutex_;
  std::map<std::string, ServerState> states_ GUARDED_BY(mutex_);
  std::vector<specs::SpecError> spec_errors_ GUARDED_BY(mutex_);
  bool docker_reachable_ GUARDED_BY(mutex_) = false;
  bool synced_ GUARDED_BY(mutex_) = false;
  std::shared_ptr<const StatusSnapshot> snapshot_ GUARDED_BY(mutex_) =
      std::make_shared<StatusSnapshot>();
  std::map<std::string, Route> published_routes_ GUARDED_BY(mutex_);
  uint64_t route_version_ GUARDED_BY(mutex_) = 0;
};

}  // namespace berth::reconciler
