#include "proxy/sessions/server_requests.h"

#include <utility>

#include "base/check.h"

namespace berth::proxy::sessions {

std::string ServerRequestMap::add(ServerRequest request) {
  std::string id = "\"srv-" + std::to_string(next_++) + "\"";
  by_client_id_.emplace(id, std::move(request));
  return id;
}

std::optional<ServerRequest> ServerRequestMap::take(const std::string& session,
                                                    const std::string& client_id) {
  const auto found = by_client_id_.find(client_id);
  if (found == by_client_id_.end() || found->second.session != session) return std::nullopt;
  ServerRequest request = std::move(found->second);
  by_client_id_.erase(found);
  return request;
}

std::optional<std::pair<std::string, ServerRequest>> ServerRequestMap::take_by_server_id(
    Upstream upstream, std::string_view server_id) {
  for (auto it = by_client_id_.begin(); it != by_client_id_.end(); ++it) {
    if (it->second.upstream != upstream || it->second.server_id != server_id) continue;
    auto taken = std::make_pair(it->first, std::move(it->second));
    by_client_id_.erase(it);
    return taken;
  }
  return std::nullopt;
}

std::vector<ServerRequest> ServerRequestMap::take_session(const std::string& session) {
  std::vector<ServerRequest> taken;
  for (auto it = by_client_id_.begin(); it != by_client_id_.end();) {
    if (it->second.session != session) {
      ++it;
      continue;
    }
    taken.push_back(std::move(it->second));
    it = by_client_id_.erase(it);
  }
  return taken;
}

std::vector<std::pair<std::string, ServerRequest>> ServerRequestMap::take_all(Upstream upstream) {
  std::vector<std::pair<std::string, ServerRequest>> taken;
  for (auto it = by_client_id_.begin(); it != by_client_id_.end();) {
    if (it->second.upstream != upstream) {
      ++it;
      continue;
    }
    taken.emplace_back(it->first, std::move(it->second));
    it = by_client_id_.erase(it);
  }
  return taken;
}

size_t ServerRequestMap::count(const std::string& session) const {
  size_t n = 0;
  for (const auto& [id, request] : by_client_id_) n += request.session == session ? 1 : 0;
  return n;
}

void ServerRequestMap::mark_draining() {
  for (auto& [id, request] : by_client_id_) {
    BERTH_CHECK(request.upstream != Upstream::kDraining) << "two backends draining at once";
    request.upstream = Upstream::kDraining;
  }
}

}  // namespace berth::proxy::sessions
