#include "proxy/sessions/id_map.h"

#include <algorithm>

#include "base/check.h"

namespace berth::proxy::sessions {
namespace {

void sort_by_sequence(std::vector<BackendRequest>& requests) {
  std::sort(requests.begin(), requests.end(),
            [](const auto& a, const auto& b) { return a.second.sequence < b.second.sequence; });
}

}  // namespace

bool RequestIdMap::issued(std::string_view backend_id) const {
  return backend_id.size() > tag_.size() && backend_id.starts_with(tag_) &&
         backend_id[tag_.size()] == '-';
}

std::string RequestIdMap::add(uint64_t session_seq, ForwardedRequest request) {
  // The multiplexer refuses a client id already in flight before it gets here.
  BERTH_CHECK(!by_client_id_.contains(ClientKey(request.session, request.client_id)))
      << "client id " << request.client_id << " already in flight";
  request.sequence = next_++;
  std::string id =
      tag_ + "-s" + std::to_string(session_seq) + "-" + std::to_string(request.sequence);
  by_client_id_[ClientKey(request.session, request.client_id)] = id;
  by_backend_id_.emplace(id, std::move(request));
  return id;
}

const ForwardedRequest* RequestIdMap::find(std::string_view backend_id) const {
  const auto found = by_backend_id_.find(backend_id);
  return found == by_backend_id_.end() ? nullptr : &found->second;
}

std::optional<ForwardedRequest> RequestIdMap::take(std::string_view backend_id) {
  const auto found = by_backend_id_.find(backend_id);
  if (found == by_backend_id_.end()) return std::nullopt;
  ForwardedRequest request = std::move(found->second);
  by_backend_id_.erase(found);
  by_client_id_.erase(ClientKey(request.session, request.client_id));
  return request;
}

std::optional<std::string> RequestIdMap::backend_id(const std::string& session,
                                                    const std::string& client_id) const {
  const auto found = by_client_id_.find(ClientKey(session, client_id));
  if (found == by_client_id_.end()) return std::nullopt;
  return found->second;
}

std::vector<BackendRequest> RequestIdMap::take_session(const std::string& session) {
  return take_if([&](const ForwardedRequest& request) { return request.session == session; });
}

std::vector<BackendRequest> RequestIdMap::take_all(Upstream upstream) {
  return take_if([&](const ForwardedRequest& request) { return request.upstream == upstream; });
}

std::vector<BackendRequest> RequestIdMap::take_if(
    const std::function<bool(const ForwardedRequest&)>& pick) {
  std::vector<BackendRequest> taken;
  for (auto it = by_backend_id_.begin(); it != by_backend_id_.end();) {
    if (!pick(it->second)) {
      ++it;
      continue;
    }
    by_client_id_.erase(ClientKey(it->second.session, it->second.client_id));
    taken.emplace_back(it->first, std::move(it->second));
    it = by_backend_id_.erase(it);
  }
  sort_by_sequence(taken);
  return taken;
}

void RequestIdMap::mark_draining() {
  for (auto& [id, request] : by_backend_id_) {
    BERTH_CHECK(request.upstream != Upstream::kDraining) << "two backends draining at once";
    request.upstream = Upstream::kDraining;
  }
}

std::optional<std::string> RequestIdMap::only(Upstream upstream) const {
  const std::string* found = nullptr;
  for (const auto& [id, request] : by_backend_id_) {
    if (request.upstream != upstream) continue;
    if (found != nullptr) return std::nullopt;
    found = &id;
  }
  if (found == nullptr) return std::nullopt;
  return *found;
}

size_t RequestIdMap::count(const std::string& session) const {
  // by_client_id_ is ordered by session first: the session's requests are one run of it, so
  // counting them costs no scan of every session's (the multiplexer counts on every request).
  size_t n = 0;
  for (auto it = by_client_id_.lower_bound(ClientKey(session, ""));
       it != by_client_id_.end() && it->first.first == session; ++it) {
    ++n;
  }
  return n;
}

size_t RequestIdMap::size(Upstream upstream) const {
  return static_cast<size_t>(
      std::count_if(by_backend_id_.begin(), by_backend_id_.end(),
                    [&](const auto& e) { return e.second.upstream == upstream; }));
}

}  // namespace berth::proxy::sessions
