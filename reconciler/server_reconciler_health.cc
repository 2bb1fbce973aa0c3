// ServerReconciler, continued: health probes, routing to healthy containers, and replacing the
// unhealthy ones.

#include <spdlog/spdlog.h>

#include <algorithm>

#include "reconciler/server_reconciler.h"

namespace berth::reconciler {
namespace {

constexpr std::chrono::milliseconds kStartupProbeEvery{250};
constexpr std::chrono::seconds kMinStartupWindow{10};

// Failures while a container starts up do not count until this much time has passed.
Clock::Duration startup_window(const specs::HealthCheck& health) {
  return std::max<Clock::Duration>(kMinStartupWindow, health.timeout * health.failure_threshold);
}

Route route_to(const specs::ServerSpec& spec, const ContainerInfo& info) {
  return Route{spec.name, spec.transport.type, info.id,         info.host_port, spec.transport.path,
               true,      info.started_at,     spec.auth.scopes};
}

// Whether two routes serve from the same place, whatever scopes they require (a change of scopes
// alone is no new start of serving: no event, and the drain clock keeps running).
bool same_place(const Route& a, Route b) {
  b.scopes = a.scopes;
  return a == b;
}

}  // namespace

void ServerReconciler::watch_health(const specs::ServerSpec& spec, const ContainerInfo& info,
                                    const std::vector<ContainerSummary>& stale) {
  const Clock::Time now = clock_.now();
  bool unhealthy = false;
  bool launch = false;
  bool drained = false;
  Clock::Time next{};
  store_.update(spec.name, [&](ServerState& s) {
    ProbeState& probe = s.probe;
    if (probe.container_id != info.id) {  // adopted, or first seen running
      probe = ProbeState::starting(info.id, now);
    }
    WallTime wall = clock_.wall_now();
    if (probe.healthy) {
      Route route = route_to(spec, info);
      if (!s.route || !same_place(*s.route, route)) {
        s.route_since = now;
        StatusStore::add_event(s, wall, "ready", "serving from " + info.id.substr(0, 12));
      }
      s.route = route;
      s.status.container_id = info.id;
      s.status.last_error.clear();
      StatusStore::set_phase(s, Phase::kReady, wall);
      s.backoff.record_healthy(probe.healthy_since, now);
      drained = now - s.route_since >= options_.drain;
    } else if (probe.failures >= spec.health.failure_threshold &&
               now - probe.started >= startup_window(spec.health)) {
      unhealthy = true;
    } else if (!s.route || !s.route->ready) {
      s.status.container_id = info.id;
      StatusStore::set_phase(s, Phase::kStarting, wall);
    }
    launch = !unhealthy && !probe.in_flight && now >= probe.next;
    if (launch) probe.in_flight = true;
    next = probe.next;
    if (probe.healthy && !drained && !stale.empty()) {
      next = std::min(next, s.route_since + options_.drain);
    }
  });
  if (unhealthy) return replace_unhealthy(spec, info);
  if (launch) launch_probe(spec, info);
  if (drained) {
    for (const ContainerSummary& old : stale) remove_container(old.id, old.name);
  }
  if (!launch) queue_.add_at(spec.name, next);
}

void ServerReconciler::launch_probe(const specs::ServerSpec& spec, const ContainerInfo& info) {
  ProbeTarget target{spec.name,      spec.transport.type, info.id,
                     info.host_port, spec.transport.path, spec.health.timeout};
  const std::string name = spec.name;
  const std::string id = info.id;
  const specs::HealthCheck health = spec.health;
  // The outcome may come after this object is gone (the proxy fails its probes as it stops).
  prober_.probe(target, callbacks_.wrap([this, name, id, health](Status result) {
    const Clock::Time now = clock_.now();
    store_.update(name, [&](ServerState& s) {
      ProbeState& probe = s.probe;
      if (probe.container_id != id) return;  // the container was replaced meanwhile
      probe.in_flight = false;
      if (result) {
        if (!probe.healthy) probe.healthy_since = now;
        probe.healthy = true;
        probe.failures = 0;
        probe.next = now + health.interval;
        return;
      }
      ++probe.failures;
      probe.last_error = result.error();
      StatusStore::add_event(s, clock_.wall_now(), "health-failed", result.error());
      if (probe.failures >= health.failure_threshold) probe.healthy = false;
      probe.next = now + (probe.healthy ? health.interval : Clock::Duration(kStartupProbeEvery));
    });
    queue_.add(name);
  }));
}

void ServerReconciler::replace_unhealthy(const specs::ServerSpec& spec, const ContainerInfo& info) {
  std::string reason;
  store_.update(spec.name, [&](ServerState& s) {
    reason = s.probe.last_error;
    WallTime wall = clock_.wall_now();
    StatusStore::set_phase(s, Phase::kUnhealthy, wall);
    StatusStore::add_event(s, wall, "unhealthy",
                           std::to_string(s.probe.failures) + " probes failed: " + reason);
    if (s.route && s.route->container_id == info.id) s.route->ready = false;
    s.probe = ProbeState{};
  });
  spdlog::warn("server unhealthy server={} container={} error=\"{}\"", spec.name,
               info.id.substr(0, 12), reason);
  remove_container(info.id, info.name);
  fail(spec, "replacing", "unhealthy: " + reason);
}

}  // namespace berth::reconciler
