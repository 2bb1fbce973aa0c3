#pragma once
// RequestIdMap: the client requests berth forwarded to a stdio backend and is waiting on.
//
// Every forwarded request gets a backend id "<tag>-s<session-seq>-<n>" with n counting up across
// all sessions for the life of the map, so ids never collide across sessions (even when two
// clients both use id 1) and never enter the "berth:" space of mcp::McpClientCore's own requests.
// The tag is the map's own, fresh and random (upstream_tag.h): a server that outlived an earlier
// berth run may still answer that run's requests, and their ids must match nothing here. The same
// string serves as the backend progress token of a request that asked for progress. The map
// remembers the client's original id (raw JSON, restored exactly) and lets the client's id be
// looked up per session for cancellations. Ids stay unique across a replacement, so one map holds
// the requests of both backends, each tagged with the one it went to. Not thread-safe; owned by
// the multiplexer.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "proxy/mcp/upstream_tag.h"
#include "proxy/sessions/backend_link.h"

namespace berth::proxy::sessions {

// What answering a forwarded request changes besides the answer itself.
enum class UpstreamEffect { kNone, kSubscribe, kUnsubscribe };

struct ForwardedRequest {
  std::string session;
  std::string client_id;  // raw JSON, as the client sent it
  std::string method;
  std::optional<std::string> client_progress_token;  // raw JSON, when the client asked for progress
  UpstreamEffect effect = UpstreamEffect::kNone;
  std::string uri;                         // of a resources/subscribe or resources/unsubscribe
  uint64_t sequence = 0;                   // forwarding order across sessions; set by add()
  Upstream upstream = Upstream::kCurrent;  // the backend it went to
};

using BackendRequest = std::pair<std::string, ForwardedRequest>;  // backend id, request

class RequestIdMap {
 public:
  // `tag` starts every backend id; tests pass a fixed one.
  explicit RequestIdMap(std::string tag = mcp::new_upstream_tag()) : tag_(std::move(tag)) {}

  // The tag of this map's ids.
  const std::string& tag() const { return tag_; }
  // Whether `backend_id` starts with this map's tag: an id of this map's (in flight, answered or
  // cancelled since) or of its owner's that share the tag; false for another map's or another
  // berth run's id, or one a server made up.
  bool issued(std::string_view backend_id) const;

  // Records `request` of the session numbered `session_seq`; returns its backend id.
  // REQUIRES: the session has no request `request.client_id` in flight.
  std::string add(uint64_t session_seq, ForwardedRequest request);

  const ForwardedRequest* find(std::string_view backend_id) const;
  // Forgets the request answered under `backend_id`; none if unknown (late or foreign).
  std::optional<ForwardedRequest> take(std::string_view backend_id);
  // The backend id of `session`'s in-flight request with the client id `client_id` (raw JSON).
  std::optional<std::string> backend_id(const std::string& session,
                                        const std::string& client_id) const;

  // Forgets `session`'s requests; returns them in forwarding order.
  std::vector<BackendRequest> take_session(const std::string& session);
  // Forgets every request that went to `upstream`; returns them in forwarding order.
  std::vector<BackendRequest> take_all(Upstream upstream);
  // Tags every request as the draining backend's. REQUIRES: none is the draining backend's yet.
  void mark_draining();

  // The backend id of the one request in flight on `upstream`; none when there are none or several.
  std::optional<std::string> only(Upstream upstream) const;

  size_t count(const std::string& session) const;
  size_t size() const { return by_backend_id_.size(); }
  size_t size(Upstream upstream) const;

 private:
  using ClientKey = std::pair<std::string, std::string>;  // session, client id

  // Forgets the requests `pick` takes; returns them in forwarding order.
  std::vector<BackendRequest> take_if(const std::function<bool(const ForwardedRequest&)>& pick);

  const std::string tag_;
  uint64_t next_ = 1;
  std::map<std::string, ForwardedRequest, std::less<>> by_backend_id_;
  std::map<ClientKey, std::string> by_client_id_;  // → backend id
};

}  // namespace berth::proxy::sessions
