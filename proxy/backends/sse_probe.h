#pragma once
// SseProbe: one MCP health probe over the legacy HTTP+SSE transport (2024-11-05).
//
// GETs <path> on 127.0.0.1:<port> (Accept: text/event-stream), waits for the `endpoint` event
// (a URL relative to the server, e.g. /messages?sessionId=…), POSTs `initialize` there (expects
// 202), then reads the `message` event that answers it from the GET stream and closes both;
// success = a result with protocolVersion. Endpoint URLs are only ever used as paths on
// 127.0.0.1:<port>. `done` is called exactly once, within the timeout.
//
// Keeps itself alive (shared_from_this) until done. Runs on the caller's io_context (one thread);
// run() must be called on it.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "proxy/backends/local_http_exchange.h"
#include "proxy/mcp/sse_parser.h"

namespace berth::proxy {

// The request target for an `endpoint` event's URL, resolved against the SSE path: "/a?b" stays,
// "http://host:port/a?b" becomes "/a?b", "a?b" is taken relative to the SSE path's folder.
std::string resolve_sse_endpoint(std::string_view sse_path, std::string_view url);

class SseProbe : public std::enable_shared_from_this<SseProbe> {
 public:
  using Done = std::function<void(Status)>;

  static void run(boost::asio::io_context& io, int port, std::string path,
                  std::chrono::milliseconds timeout, Done done);

 private:
  SseProbe(boost::asio::io_context& io, int port, std::string path, Done done);

  void start(std::chrono::milliseconds timeout);
  void on_stream_head(const beast_http::response_header<>& head);
  bool on_stream_body(std::string_view bytes);
  void on_event(const mcp::SseEvent& event);
  void post_initialize(const std::string& target);
  void finish(Status status);

  boost::asio::io_context& io_;
  int port_;
  std::string path_;
  Done done_;
  boost::asio::steady_timer deadline_;
  std::chrono::steady_clock::time_point expiry_;
  std::shared_ptr<LocalHttpExchange> stream_;  // the GET
  std::shared_ptr<LocalHttpExchange> post_;
  mcp::SseParser sse_;
  bool posted_ = false;
};

}  // namespace berth::proxy
