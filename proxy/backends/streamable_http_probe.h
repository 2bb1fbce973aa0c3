#pragma once
// StreamableHttpProbe: one MCP health probe over Streamable HTTP.
//
// POSTs `initialize` to http://127.0.0.1:<port><path> and accepts the answer as application/json
// or as an SSE stream whose `message` event carries it; success = a result with
// protocolVersion. A session the server opened (Mcp-Session-Id) is DELETEd afterwards, best
// effort, so probes do not pile up sessions. `done` is called exactly once, within the timeout.
//
// Keeps itself alive (shared_from_this) until done. Runs on the caller's io_context (one thread);
// start() must be called on it.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "proxy/backends/local_http_exchange.h"
#include "proxy/mcp/sse_parser.h"

namespace berth::proxy {

class StreamableHttpProbe : public std::enable_shared_from_this<StreamableHttpProbe> {
 public:
  using Done = std::function<void(Status)>;

  static void run(boost::asio::io_context& io, int port, std::string path,
                  std::chrono::milliseconds timeout, Done done);

 private:
  StreamableHttpProbe(boost::asio::io_context& io, int port, std::string path, Done done);

  void start(std::chrono::milliseconds timeout);
  void on_head(const beast_http::response_header<>& head);
  bool on_body(std::string_view bytes);
  void on_end(Status status);
  void finish(Status status);
  void delete_session();

  boost::asio::io_context& io_;
  int port_;
  std::string path_;
  Done done_;
  boost::asio::steady_timer deadline_;
  std::shared_ptr<LocalHttpExchange> exchange_;
  bool event_stream_ = false;
  std::string body_;  // application/json answer
  mcp::SseParser sse_;
  std::string session_id_;
  std::optional<Status> answer_;  // set once the answer to the probe arrived
};

}  // namespace berth::proxy
