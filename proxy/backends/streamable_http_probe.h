#pragma once
// StreamableHttpProbe: one MCP request of a health probe over Streamable HTTP.
//
// POSTs its message to http://127.0.0.1:<port><path> and accepts the answer as application/json
// or as an SSE stream whose `message` event carries it:
// - kDiscover: `server/discover` as 2026-07-28 asks (MCP-Protocol-Version and Mcp-Method headers,
//   the per-request _meta). A modern answer (mcp::is_modern_discover_answer, whatever the HTTP
//   status) gives ServerEra::kModern; any other answer gives kLegacy, which means "not modern:
//   try initialize" (McpProber does);
// - kInitialize: `initialize`; success = a result with protocolVersion, kLegacy.
// No answer in time, or no connection, is an error. A session the server opened
// (Mcp-Session-Id) is DELETEd afterwards, best effort, so probes do not pile up sessions. `done`
// is called exactly once, within the timeout.
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
#include "proxy/mcp/modern_era.h"
#include "proxy/mcp/sse_parser.h"

namespace berth::proxy {

class StreamableHttpProbe : public std::enable_shared_from_this<StreamableHttpProbe> {
 public:
  enum class Message { kDiscover, kInitialize };
  using Done = std::function<void(Result<mcp::ServerEra>)>;

  static void run(boost::asio::io_context& io, int port, std::string path, Message message,
                  std::chrono::milliseconds timeout, Done done);

 private:
  StreamableHttpProbe(boost::asio::io_context& io, int port, std::string path, Message message,
                      Done done);

  // The verdict on a complete answer `json` to the probe's message.
  [[nodiscard]] Result<mcp::ServerEra> judge(std::string_view json) const;
  [[nodiscard]] std::string_view method() const;

  void start(std::chrono::milliseconds timeout);
  void on_head(const beast_http::response_header<>& head);
  bool on_body(std::string_view bytes);
  void on_end(Status status);
  void finish(Result<mcp::ServerEra> outcome);
  void delete_session();

  boost::asio::io_context& io_;
  int port_;
  std::string path_;
  Message message_;
  Done done_;
  boost::asio::steady_timer deadline_;
  std::shared_ptr<LocalHttpExchange> exchange_;
  bool event_stream_ = false;
  std::string body_;  // application/json answer
  mcp::SseParser sse_;
  std::string session_id_;
  std::optional<Result<mcp::ServerEra>> answer_;  // set once the answer to the probe arrived
};

}  // namespace berth::proxy
