#pragma once
// HttpForwarder: the streamable-http backend of the proxy front. It reverse-proxies a client's
// request to `/mcp/{name}` (POST, GET, DELETE) to the server's port published on 127.0.0.1 and
// streams the answer back as it arrives, so each SSE event reaches the client as soon as the
// backend sends it. The header policy is in forwarded_headers.h; one request's life is a
// ForwardCall (forward_call.h).
//
// Errors reach the client as JSON-RPC errors (gateway_errors.h): nothing listens or the
// connection breaks before an answer → 502; no response head within head_timeout → 504. A body
// that breaks off or stalls for idle_timeout (SSE streams excepted: they last until the client
// or the backend leaves) ends the client's response truncated. A client that goes away closes
// the backend connection at once. One warning line per failed forward.
//
// Backend connections are kept alive and reused (an UpstreamPool; see local_http_exchange.h for
// when a connection goes back and when a request is retried), and a small Content-Length answer
// is passed on whole (forward_call.h).
//
// Ownership: holds the proxy's io_context by reference (it must outlive every forward); owns the
// pool, shared with the forwards in flight; each forward owns itself until it ends. Thread
// safety: forward() may be called from any thread; the work runs on the io_context (one thread)
// and its own executor, where the pool's sockets live.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>

#include "proxy/backends/upstream_pool.h"
#include "proxy/http/exchange.h"
#include "reconciler/handoff/route_table.h"

namespace berth::proxy::front {

struct HttpForwarderOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  // Until the response head: a tool call answered as JSON may take minutes.
  std::chrono::milliseconds head_timeout{300'000};
  // Each wait for more body of a non-SSE response.
  std::chrono::milliseconds idle_timeout{300'000};
  UpstreamPoolOptions pool;
};

class HttpForwarder {
 public:
  explicit HttpForwarder(boost::asio::io_context& io, HttpForwarderOptions options = {})
      : io_(io), options_(options), pool_(std::make_shared<UpstreamPool>(options.pool)) {}
  HttpForwarder(const HttpForwarder&) = delete;
  HttpForwarder& operator=(const HttpForwarder&) = delete;

  // Answers `exchange` with the backend's answer; `route` is copied (a streamable-http route:
  // host_port and path).
  void forward(std::shared_ptr<http::Exchange> exchange, const reconciler::Route& route);

  [[nodiscard]] const HttpForwarderOptions& options() const { return options_; }
  // The idle backend connections (for tests and metrics).
  [[nodiscard]] const UpstreamPool& pool() const { return *pool_; }

 private:
  boost::asio::io_context& io_;
  const HttpForwarderOptions options_;
  const std::shared_ptr<UpstreamPool> pool_;
};

}  // namespace berth::proxy::front
