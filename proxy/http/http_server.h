#pragma once
// HttpServer: the proxy's one HTTP/1.1 server. Every endpoint — /status, /healthz, the
// dashboard, /mcp/{name}, /sse/{name} — is a route in the Router it serves; the server itself
// only listens, reads requests within limits, checks Host/Origin/token (RequestGuard), keeps
// connections alive and writes answers (see HttpConnection, Exchange).
//
// Ownership: owns nothing but the listener. It runs on the proxy's io_context, passed by
// reference, which the caller runs on its own thread(s) and which must outlive the server.
// Connections in progress when the server stops or is destroyed finish on their own (they share
// the router and options), until the io_context stops.
// Metrics: with a ProxyMetrics registry, every answer to a /mcp/{name}… or /sse/{name}… request
// is recorded in it (count by method and status, time to the response head); see metrics.h.
// The server and its connections share the registry; null records nothing.
// Thread safety: start() and stop() from one thread; port() from any after start().

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>

#include "base/result.h"
#include "proxy/http/request_recorder.h"
#include "proxy/http/router.h"
#include "proxy/http/server_options.h"

namespace berth::proxy::http {

class Listener;

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, HttpServerOptions options,
             std::shared_ptr<const Router> router,
             std::shared_ptr<RequestRecorder> metrics = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting; the port is bound when this returns.
  [[nodiscard]] berth::Status start();
  // start() in two steps: bind first (connections queue in the kernel), accept once the routes
  // are known, so that the first requests never see an empty route table.
  [[nodiscard]] berth::Status listen();
  // REQUIRES: listen() succeeded.
  void accept();
  // Stops accepting new connections. Idempotent.
  void stop();
  // The bound port (the ephemeral one if the options asked for port 0); 0 before start().
  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] const HttpServerOptions& options() const { return options_; }

 private:
  boost::asio::io_context& io_;
  const HttpServerOptions options_;
  std::shared_ptr<const Router> router_;
  std::shared_ptr<RequestRecorder> metrics_;
  std::shared_ptr<Listener> listener_;
};

}  // namespace berth::proxy::http
