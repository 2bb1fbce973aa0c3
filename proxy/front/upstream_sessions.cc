#include "proxy/front/upstream_sessions.h"

namespace berth::proxy::front {

std::string UpstreamSessions::run_of(const reconciler::Route& route) {
  return route.container_id + "@" + route.started_at + ":" + std::to_string(route.host_port);
}

bool UpstreamSessions::ended(const reconciler::Route& route, const std::string& session_id) {
  Server& server = servers_[route.server];
  const std::string run = run_of(route);
  auto [it, inserted] = server.runs.try_emplace(session_id, run);
  if (!inserted) {
    if (it->second == run) return false;
    server.runs.erase(it);
    return true;
  }
  server.order.push_back(session_id);
  while (server.runs.size() > per_server_ && !server.order.empty()) {
    server.runs.erase(server.order.front());
    server.order.pop_front();
  }
  // Ids forgotten by DELETE or refusal stay in `order` until they reach its front; keep it from
  // growing past twice the bound.
  if (server.order.size() > 2 * per_server_) {
    std::deque<std::string> live;
    for (const std::string& id : server.order) {
      if (server.runs.contains(id)) live.push_back(id);
    }
    server.order = std::move(live);
  }
  return false;
}

void UpstreamSessions::forget(const std::string& server, const std::string& session_id) {
  auto it = servers_.find(server);
  if (it != servers_.end()) it->second.runs.erase(session_id);
}

size_t UpstreamSessions::size(const std::string& server) const {
  auto it = servers_.find(server);
  return it == servers_.end() ? 0 : it->second.runs.size();
}

}  // namespace berth::proxy::front
