#include "reconciler/status_store.h"

namespace berth::reconciler {

void StatusStore::update(const std::string& name, const std::function<void(ServerState&)>& change) {
  update_each({name}, change);
}

void StatusStore::update_each(const std::vector<std::string>& names,
                              const std::function<void(ServerState&)>& change) {
  MutexLock lock(mutex_);
  for (const std::string& name : names) {
    auto [it, inserted] = states_.try_emplace(name);
    if (inserted) {
      it->second.status.name = name;
      it->second.status.route = "/mcp/" + name;
      it->second.status.since = clock_.wall_now();
    }
    change(it->second);
  }
  publish_locked();
}

std::optional<ServerState> StatusStore::get(const std::string& name) const {
  MutexLock lock(mutex_);
  auto it = states_.find(name);
  if (it == states_.end()) return std::nullopt;
  return it->second;
}

void StatusStore::erase(const std::string& name) {
  MutexLock lock(mutex_);
  if (states_.erase(name) != 0) publish_locked();
}

std::vector<std::string> StatusStore::names() const {
  MutexLock lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, state] : states_) out.push_back(name);
  return out;
}

void StatusStore::set_spec_errors(std::vector<specs::SpecError> errors) {
  MutexLock lock(mutex_);
  spec_errors_ = std::move(errors);
  publish_locked();
}

void StatusStore::set_docker_reachable(bool reachable) {
  MutexLock lock(mutex_);
  if (docker_reachable_ == reachable) return;
  docker_reachable_ = reachable;
  publish_locked();
}

void StatusStore::set_synced() {
  MutexLock lock(mutex_);
  if (synced_) return;
  synced_ = true;
  publish_locked();
}

std::shared_ptr<const StatusSnapshot> StatusStore::status() const {
  MutexLock lock(mutex_);
  return snapshot_;
}

void StatusStore::add_event(ServerState& state, WallTime time, std::string kind,
                            std::string message) {
  auto& events = state.status.events;
  events.push_back(ServerEvent{time, std::move(kind), std::move(message)});
  while (events.size() > kEventsKept) events.pop_front();
}

void StatusStore::set_phase(ServerState& state, Phase phase, WallTime now) {
  if (state.status.phase != phase) state.status.since = now;
  state.status.phase = phase;
  state.status.ready = phase == Phase::kReady;
}

void StatusStore::publish_locked() {
  auto snapshot = std::make_shared<StatusSnapshot>();
  std::map<std::string, Route> routes;
  for (const auto& [name, state] : states_) {
    snapshot->servers.push_back(state.status);
    if (state.route) routes.emplace(name, *state.route);
  }
  snapshot->errors = spec_errors_;
  snapshot->docker_reachable = docker_reachable_;
  snapshot->synced = synced_;
  snapshot_ = std::move(snapshot);
  if (routes == published_routes_) return;
  published_routes_ = routes;
  auto table = std::make_shared<RouteTable>();
  table->routes = std::move(routes);
  table->version = ++route_version_;
  routes_.publish(std::move(table));
}

}  // namespace berth::reconciler
