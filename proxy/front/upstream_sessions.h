#pragma once
// UpstreamSessions: which run of a Streamable HTTP server each of its session ids belongs to, so
// that a client still holding a session of a container that restarted or was replaced gets the
// 404 the MCP specification prescribes ("initialize again") from berth, whatever the new
// container would say about an id it never issued (some servers answer 400).
//
// berth does not parse the server's answers on the hot path; it notes the run (container id,
// start time, port) a session id is first used with — the request that follows the initialize,
// sent straight after it — and later refuses the id on any other run. Ids never seen pass.
// Bounded: at most `per_server` ids per server, the oldest forgotten first.
//
// Lives on the proxy's io thread with McpFront. Not thread-safe.

#include <cstddef>
#include <deque>
#include <map>
#include <string>

#include "reconciler/handoff/route_table.h"

namespace berth::proxy::front {

class UpstreamSessions {
 public:
  explicit UpstreamSessions(size_t per_server = 4096) : per_server_(per_server) {}

  // True if `session_id` belongs to another run of the server than the one `route` names (then
  // it is forgotten); else notes it for this run and returns false.
  bool ended(const reconciler::Route& route, const std::string& session_id);
  // The client ended the session (DELETE).
  void forget(const std::string& server, const std::string& session_id);
  [[nodiscard]] size_t size(const std::string& server) const;

 private:
  struct Server {
    std::map<std::string, std::string> runs;  // session id → the run it belongs to
    std::deque<std::string> order;            // ids in the order first seen (may hold stale ones)
  };

  static std::string run_of(const reconciler::Route& route);

  const size_t per_server_;
  std::map<std::string, Server> servers_;
};

}  // namespace berth::proxy::front
