#pragma once
// ServerRequestMap: requests the backend sent to a client (sampling/createMessage,
// elicitation/create, …) that berth routed to the session whose request caused them and is
// waiting on.
//
// The client sees a fresh string id "srv-<n>" (unique for the life of the map), so two backend
// requests can never be confused across sessions; the backend's own id is kept as raw JSON and
// written back exactly when the client answers. Each request is tagged with the backend that sent
// it: while a replaced backend drains, both may use the same ids. Not thread-safe; owned by the
// multiplexer.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "proxy/sessions/backend_link.h"

namespace berth::proxy::sessions {

struct ServerRequest {
  std::string session;
  std::string server_id;  // raw JSON of the backend's id
  std::string method;
  // The client request (its original raw id) whose stream carried this request, if any.
  std::optional<std::string> related_request;
  Upstream upstream = Upstream::kCurrent;  // the backend that sent it, and gets the answer
};

class ServerRequestMap {
 public:
  // Records `request`; returns the id the client sees, as raw JSON (a quoted string).
  std::string add(ServerRequest request);
  // Forgets and returns the request `session` answers with `client_id` (raw JSON); none if
  // unknown or routed to another session.
  std::optional<ServerRequest> take(const std::string& session, const std::string& client_id);
  // Forgets and returns the request `upstream` sent as `server_id` (raw JSON), with its client id.
  std::optional<std::pair<std::string, ServerRequest>> take_by_server_id(
      Upstream upstream, std::string_view server_id);
  // Forgets and returns `session`'s requests.
  std::vector<ServerRequest> take_session(const std::string& session);
  // Forgets and returns every request `upstream` sent, with its client id.
  std::vector<std::pair<std::string, ServerRequest>> take_all(Upstream upstream);
  // Tags every request as the draining backend's. REQUIRES: none is the draining backend's yet.
  void mark_draining();
  size_t size() const { return by_client_id_.size(); }
  // The requests routed to `session` and not answered yet.
  size_t count(const std::string& session) const;

 private:
  uint64_t next_ = 1;
  std::map<std::string, ServerRequest> by_client_id_;  // raw JSON client id → request
};

}  // namespace berth::proxy::sessions
