#pragma once
// McpFront: the routes clients use, `/mcp/{name}` (POST, GET, DELETE), as Streamable HTTP
// whatever the backend speaks.
//
// Each request takes the route table current when it arrives: an unknown server gets 404 with a
// JSON-RPC error naming it; a request for a server that is not Ready (restarting, replaced,
// starting) waits for it, up to ready_wait, then gets 503 with Retry-After. Then, by the
// route's transport: streamable-http servers are reverse-proxied by HttpForwarder (their own
// sessions pass through; one of a run of the server that has ended gets 404, see
// UpstreamSessions); stdio and legacy sse servers are served by a MultiplexedFront per server,
// which multiplexes the client sessions over berth's one channel to the server — the attach
// stream (from AttachChannels, shared with the prober) or one legacy SSE session (SseChannel).
// /sse/{name} (the legacy HTTP+SSE transport, for clients such as n8n) is served by the same
// MultiplexedFront for every transport; for a streamable-http server its channel is one
// Streamable HTTP session of berth's own (HttpChannel). The client sessions berth keeps are
// bounded per server (options.sessions.max_sessions, `berth run --max-sessions`; past it the
// longest-idle session without a stream open or a request in flight is evicted, else the new one
// gets 503: see MultiplexedFront). HTTP and SSE channels are owned here and
// closed when their front retires them (replaced and drained, or the server gone). A timer reaps
// idle sessions and drops the fronts of servers that are gone.
//
// Owns the per-server fronts and the HTTP and SSE channels; borrows the route snapshot, the stdio
// backends and the forwarder, which must outlive it. Lives on the proxy's io_context, which one
// thread runs: the handlers, the timer and stop() run there. Not thread-safe.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/thread_affinity.h"
#include "proxy/backends/attach_channels.h"
#include "proxy/backends/http_channel.h"
#include "proxy/backends/sse_channel.h"
#include "proxy/front/http_forwarder.h"
#include "proxy/front/multiplexed_front.h"
#include "proxy/front/route_snapshot.h"
#include "proxy/front/upstream_sessions.h"
#include "proxy/http/router.h"

namespace berth::proxy::front {

struct McpFrontOptions {
  MultiplexedFrontOptions sessions;
  SseChannelOptions sse;
  HttpChannelOptions http;
  std::chrono::seconds retry_after{2};
  // How long a request for a server that is not Ready (restarting, being replaced, starting)
  // waits for it before 503; checked every `wait_poll`.
  std::chrono::milliseconds ready_wait{std::chrono::seconds(10)};
  std::chrono::milliseconds wait_poll{100};
  std::chrono::milliseconds reap_every{std::chrono::seconds(30)};
};

class McpFront {
 public:
  McpFront(boost::asio::io_context& io, const RouteSnapshot& routes, AttachChannels& backends,
           HttpForwarder& forwarder, McpFrontOptions options = {});
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
  void schedule_wait_poll();
  void poll_waiting();
  MultiplexedFront& multiplexed_front(const reconciler::Route& route);
  // The channel a MultiplexedFront uses for `route`.
  std::shared_ptr<mcp::McpChannel> channel_for(const reconciler::Route& route);
  void retire(const std::shared_ptr<mcp::McpChannel>& channel);
  void forward(const std::shared_ptr<http::Exchange>& exchange, const reconciler::Route& route);
  void serve_multiplexed(const std::shared_ptr<http::Exchange>& exchange,
                         const reconciler::Route& route);
  void schedule_reap();
  void reap();

  boost::asio::io_context& io_;
  const RouteSnapshot& routes_;
  AttachChannels& backends_;
  HttpForwarder& forwarder_;
  const McpFrontOptions options_;
  boost::asio::steady_timer reap_timer_;
  struct Waiting {
    std::shared_ptr<http::Exchange> exchange;
    void (McpFront::*retry)(const std::shared_ptr<http::Exchange>&);
    std::chrono::steady_clock::time_point deadline;
  };
  std::vector<Waiting> waiting_;  // requests for servers not Ready yet
  boost::asio::steady_timer wait_timer_;
  bool wait_polling_ = false;
  std::map<std::string, std::unique_ptr<MultiplexedFront>> multiplexed_;  // by server name
  UpstreamSessions upstream_sessions_;
  std::set<std::shared_ptr<mcp::McpChannel>> owned_channels_;  // HTTP and SSE, in use by a front
  ThreadAffinity io_thread_;  // the proxy's io thread: bound on first use, checked at entry
};

}  // namespace berth::proxy::front
