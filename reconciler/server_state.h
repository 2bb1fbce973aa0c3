#pragma once
// ServerState: what the reconciler remembers about one server between reconciles — its status
// as published, its crash-loop backoff, its health-probe bookkeeping and its current route.
// Plain data, guarded by StatusStore's mutex.

#include <optional>
#include <string>

#include "reconciler/backoff.h"
#include "reconciler/handoff/route_table.h"
#include "reconciler/handoff/server_status.h"

namespace berth::reconciler {

struct ProbeState {
  std::string container_id;  // the container the counts below are about
  bool in_flight = false;
  bool healthy = false;   // the last probe of container_id succeeded
  int failures = 0;       // consecutive failed probes of container_id
  Clock::Time next{};     // when the next probe is due
  Clock::Time started{};  // when container_id was (re)started: the start-up window opens
  Clock::Time healthy_since{};
  std::string last_error;

  // The state of a container that has just been (re)started or first seen running: probe now.
  static ProbeState starting(std::string container_id, Clock::Time now) {
    return ProbeState{std::move(container_id), false, false, 0, now, now, {}, ""};
  }
};

struct ServerState {
  ServerStatus status;
  Backoff backoff;
  ProbeState probe;
  std::optional<Route> route;  // where traffic goes; kept on the old container until the new
                               // one is healthy
  Clock::Time route_since{};   // when the route last moved: older containers drain until then
  std::string last_death;      // FinishedAt of the last death counted, to count each once
};

}  // namespace berth::reconciler
