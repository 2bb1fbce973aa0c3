#pragma once
// McpFront: the routes clients use, `/mcp/{name}` (POST, GET, DELETE), as Streamable HTTP
// whatever the backend speaks.
//
// Each request takes the route table current when it arrives: an unknown server gets 404 with a
// JSON-RPC error naming it; a request for a server that is not Ready (restarting, replaced,
// starting) waits for it, up to ready_wait, then gets 503 with Retry-After. It is woken by the
// route table that makes the server Ready (pushed by RouteSnapshot), not by polling. Then, by the
// route's transport: streamable-http servers are reverse-proxied by HttpForwarder (their own
// sessions pass through; one of a run of the server that has ended gets 404, see
// UpstreamSessions); stdio and legacy sse servers are served by a MultiplexedFront per server,
// which multiplexes the client sessions over berth's one channel to the server, taken from the
// ChannelSource (BackendChannels: the attach stream, shared with the prober, or one legacy SSE
// session). /sse/{name} (the legacy HTTP+SSE transport, for clients such as n8n) is served by the
// same MultiplexedFront for every transport; for a streamable-http server its channel is one
// Streamable HTTP session of berth's own. The client sessions berth keeps are bounded per server
// (options.sessions.max_sessions, `berth run --max-sessions`; past it the longest-idle session
// without a stream open or a request in flight is evicted, else the new one gets 503: see
// MultiplexedFront). A new route table reaches the MultiplexedFronts at once: a replaced
// container's channel starts draining then, not at the server's next request. A timer reaps idle
// sessions and drops the fronts of servers that are gone.
//
// For a stdio or sse server, each request's era is decided here (modern_request_checks.h): a
// POST of the modern era (2026-07-28) is checked and served without a session; a GET or DELETE
// naming that revision gets 405; everything else is the legacy era's, served as it always was.
// A streamable-http server gets every request as it came: it judges its era itself.
//
// Owns the per-server fronts; borrows the route snapshot, the channel source, the forwarder and
// the timers, which must outlive it. Lives on the proxy's io_context, which one thread runs: the
// handlers, the timers, route pushes and stop() run there. Not thread-safe.

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/thread_affinity.h"
#include "proxy/front/channel_source.h"
#include "proxy/front/http_forwarder.h"
#include "proxy/front/multiplexed_front.h"
#include "proxy/front/route_snapshot.h"
#include "proxy/front/timers.h"
#include "proxy/front/upstream_sessions.h"
#include "proxy/http/router.h"

namespace berth::proxy::front {

struct McpFrontOptions {
  MultiplexedFrontOptions sessions;
  std::chrono::seconds retry_after{2};
  // How long a request for a server that is not Ready (restarting, being replaced, starting)
  // waits for it before 503.
  std::chrono::milliseconds ready_wait{std::chrono::seconds(10)};
  std::chrono::milliseconds reap_every{std::chrono::seconds(30)};
};

class McpFront {
 public:
  // Subscribes to `routes`: REQUIRES: constructed and destroyed on the io thread, or while it
  // does not run.
  McpFront(RouteSnapshot& routes, ChannelSource& channels, HttpForwarder& forwarder, Timers& timers,
           McpFrontOptions options = {});
  ~McpFront();
  McpFront(const McpFront&) = delete;
  McpFront& operator=(const McpFront&) = delete;

  // Adds POST, GET and DELETE /mcp/{name}, and the legacy HTTP+SSE transport's GET /sse/{name}
  // and POST /sse/{name}/messages; the handlers call into this front.
  void add_routes(http::Router& router);
  // Starts the reaping timer. stop() cancels it and ends every session (on the io thread).
  void start();
  void stop();
  // Live client sessions per stdio or sse server (berth keeps those; a Streamable HTTP server's
  // own sessions are not seen). REQUIRES: on the io thread.
  [[nodiscard]] std::map<std::string, std::size_t> session_counts() const;

 private:
  void handle(const std::shared_ptr<http::Exchange>& exchange);
  void handle_legacy(const std::shared_ptr<http::Exchange>& exchange);
  // The route of the exchange's {name} if it can be served now; else answers 404, or holds the
  // exchange until the server is Ready (then `retry` runs it again) or ready_wait passed (503).
  const reconciler::Route* ready_route(
      const std::shared_ptr<http::Exchange>& exchange,
      void (McpFront::*retry)(const std::shared_ptr<http::Exchange>&));
  void answer_not_ready(const std::shared_ptr<http::Exchange>& exchange, const std::string& name);
  // Serves the waiting requests whose server is Ready now, or gone (404), answers those past
  // their deadline, and arms the timer for the next deadline.
  void wake_waiting();
  void arm_wait_timer();
  void forget_waiting(const std::weak_ptr<http::Exchange>& exchange);
  // A new route table is current: the fronts of replaced servers switch to the new container.
  void on_routes_changed();
  MultiplexedFront& multiplexed_front(const reconciler::Route& route);
  void forward(const std::shared_ptr<http::Exchange>& exchange, const reconciler::Route& route);
  void serve_multiplexed(const std::shared_ptr<http::Exchange>& exchange,
                         const reconciler::Route& route);
  void schedule_reap();
  void reap();

  const RouteSnapshot& routes_;
  ChannelSource& channels_;
  HttpForwarder& forwarder_;
  Timers& timers_;
  const McpFrontOptions options_;
  std::unique_ptr<Timer> reap_timer_;
  struct Waiting {
    std::shared_ptr<http::Exchange> exchange;
    void (McpFront::*retry)(const std::shared_ptr<http::Exchange>&);
    Clock::Time deadline;
  };
  std::vector<Waiting> waiting_;  // requests for servers not Ready yet
  std::unique_ptr<Timer> wait_timer_;
  std::map<std::string, std::unique_ptr<MultiplexedFront>> multiplexed_;  // by server name
  UpstreamSessions upstream_sessions_;
  ThreadAffinity io_thread_;  // the proxy's io thread: bound on first use, checked at entry
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // expires with this object
  RouteSubscription subscription_;  // last: ends before the members its listener uses
};

}  // namespace berth::proxy::front
