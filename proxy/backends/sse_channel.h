#pragma once
// SseChannel: berth's one MCP session with a legacy HTTP+SSE server (protocol 2024-11-05), on
// the port its container publishes on 127.0.0.1.
//
// open() GETs the SSE path and waits for the `endpoint` event, which names where to POST (a
// path or URL, resolved against the SSE path; only its path is used: berth dials 127.0.0.1).
// Each message then goes out as its own POST, one at a time and in order (a server reads them in
// arrival order, and requests may depend on earlier notifications); messages sent before the
// endpoint is known wait for it. Answers and server-initiated messages arrive as `message`
// events on the stream. A POST the server refuses (a status other than 200 or 202) answers a
// request in it with a JSON-RPC error, so no client waits for an answer that will never come;
// 404 means the server forgot the session, which ends the channel.
//
// The channel ends when the stream ends or breaks, when no endpoint arrives in time, or when a
// POST cannot be delivered (see mcp::McpChannel for what follows). The server's session dies with
// the channel: berth opens a new one, and the multiplexer re-initializes it.
//
// Made with create() (shared_ptr: I/O in flight keeps it alive). Lives on the proxy's
// io_context, run by one thread; handlers run there. Not thread-safe.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>

#include "proxy/backends/local_http_exchange.h"
#include "proxy/mcp/mcp_channel.h"
#include "proxy/mcp/mcp_client_core.h"
#include "proxy/mcp/sse_parser.h"

namespace berth::proxy {

struct SseChannelOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds endpoint_timeout{10'000};  // from open() to the `endpoint` event
  std::chrono::milliseconds post_timeout{30'000};      // each POST, until its answer is read
};

class SseChannel final : public mcp::McpChannel, public std::enable_shared_from_this<SseChannel> {
 public:
  static std::shared_ptr<SseChannel> create(boost::asio::io_context& io, std::string server,
                                            std::string container_id, int port, std::string path,
                                            SseChannelOptions options = {});
  ~SseChannel() override;
  SseChannel(const SseChannel&) = delete;
  SseChannel& operator=(const SseChannel&) = delete;

  // Opens the SSE stream. Call once.
  void open();

  void set_message_handler(MessageHandler handler) override {
    core_.set_message_handler(std::move(handler));
  }
  void set_closed_handler(ClosedHandler handler) override {
    core_.set_closed_handler(std::move(handler));
  }
  void send(std::string message) override;
  void initialize(std::chrono::milliseconds timeout, mcp::ResponseHandler handler) override {
    core_.initialize(timeout, std::move(handler));
  }
  void close() override { shut(Error{"closed by berth"}); }
  [[nodiscard]] bool closed() const override { return closed_; }
  // Where messages are posted, once the endpoint event named it; else "".
  [[nodiscard]] const std::string& endpoint() const { return endpoint_; }

 private:
  SseChannel(boost::asio::io_context& io, std::string server, std::string container_id, int port,
             std::string path, SseChannelOptions options);

  void on_stream_head(const beast_http::response_header<>& head);
  bool on_stream_body(std::string_view bytes);
  void on_event(const mcp::SseEvent& event);
  void do_post();
  void on_post_head(unsigned status);
  void on_post_end(Status status);
  // Answers the requests in a refused message with a JSON-RPC error, as if from the server.
  void refuse(const std::string& message, const std::string& why);
  void shut(const Error& reason);

  boost::asio::io_context& io_;
  const std::string server_;
  const int port_;
  const std::string path_;
  const SseChannelOptions options_;
  const std::string log_tag_;  // "server=… container=… transport=sse"
  mcp::McpClientCore core_;
  boost::asio::steady_timer endpoint_timer_;
  std::shared_ptr<LocalHttpExchange> stream_;
  std::shared_ptr<LocalHttpExchange> post_;  // the POST in flight, if any
  mcp::SseParser events_;
  std::string endpoint_;
  std::deque<std::string> queue_;  // the front is being posted while post_ is set
  unsigned post_status_ = 0;       // the status of the POST in flight, once its head is in
  bool opened_ = false;
  bool closed_ = false;
};

}  // namespace berth::proxy
