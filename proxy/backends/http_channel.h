#pragma once
// HttpChannel: berth's one MCP session with a Streamable HTTP server (protocol 2025-03-26 and
// later), as its client, on the port its container publishes on 127.0.0.1. It lets sessions of
// other transports (legacy HTTP+SSE clients at /sse/{name}) share one session with the server.
//
// Each message goes out as its own POST to the MCP path, with `Mcp-Session-Id` (the one the
// initialize answer carried, if any) and `MCP-Protocol-Version` (the initialize result's) once
// the handshake is done. The server answers each POST on its own: 202 (nothing to say), one
// application/json message or batch, or a text/event-stream whose `message` events (progress,
// server-to-client requests, then the response) are dispatched as they arrive.
//
// Ordering: POSTs run concurrently, one connection each, so a long tool call holds up nothing.
// A message goes out only once every notification and response posted before it has been
// accepted (its status is in): a server reads each of those before the messages that follow it
// (notifications/initialized before the first request; a cancellation after its request).
// Requests hold nothing back, so two requests, or a request and a notification that follows it,
// may reach the server in either order. berth's own initialize holds everything back until its
// answer, which names the session.
//
// Once the handshake is done and the server gave a session id, a standalone GET stream carries
// server-initiated messages; 405 means the server offers none. A stream that ends is reopened
// (with Last-Event-ID) after a delay that doubles, up to `stream_retries` times in a row.
//
// Failures: a POST refused with 404 while a session id was sent means the server forgot the
// session: the channel ends (the front opens a new one, which initializes again). Any other
// refusal, no head in time, or an answer that ends without a request's response answers that
// request with a JSON-RPC error as if from the server. A POST that cannot connect or breaks
// ends the channel. close() DELETEs the session (best effort, not awaited).
//
// Made with create() (shared_ptr: I/O in flight keeps it alive). Lives on the proxy's
// io_context, run by one thread; handlers run there. Not thread-safe.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "proxy/backends/local_http_exchange.h"
#include "proxy/mcp/mcp_channel.h"
#include "proxy/mcp/mcp_client_core.h"
#include "proxy/mcp/sse_parser.h"

namespace berth::proxy {

struct HttpChannelOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  // Each POST: until its status is in (a plain JSON answer comes when the tool is done), then
  // each wait for more of a JSON answer. Event-stream answers may pause as long as they like.
  std::chrono::milliseconds answer_timeout{300'000};
  // The first reopen of the GET stream waits this long; each failed one doubles it.
  std::chrono::milliseconds stream_retry_delay{1'000};
  int stream_retries = 5;
};

class HttpChannel final : public mcp::McpChannel, public std::enable_shared_from_this<HttpChannel> {
 public:
  static std::shared_ptr<HttpChannel> create(boost::asio::io_context& io, std::string server,
                                             std::string container_id, int port, std::string path,
                                             HttpChannelOptions options = {});
  ~HttpChannel() override;
  HttpChannel(const HttpChannel&) = delete;
  HttpChannel& operator=(const HttpChannel&) = delete;

  // Lets messages go out (nothing is connected up front). Call once.
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
  void close() override;
  [[nodiscard]] bool closed() const override { return closed_; }
  // The server's Mcp-Session-Id, once the initialize answer carried one; else "".
  [[nodiscard]] const std::string& session_id() const { return session_id_; }

 private:
  // One message on its way: its POST and what came back so far.
  struct Post;
  using Request = beast_http::request<beast_http::string_body>;

  HttpChannel(boost::asio::io_context& io, std::string server, std::string container_id, int port,
              std::string path, HttpChannelOptions options);

  // Posts queued messages while nothing posted earlier holds them back.
  void pump();
  void start_post(std::string message);
  void on_post_head(Post& post, const beast_http::response_header<>& head);
  bool on_post_body(Post& post, std::string_view bytes);
  void on_post_end(Post& post, Status status);
  // Dispatches one message that came back for `post`.
  void deliver(Post& post, rapidjson::Document message);
  void deliver_json(Post& post);
  // Later messages may go out: `post` was accepted (or ended).
  void release(Post& post);
  // Answers the requests of `post` still waiting with a JSON-RPC error.
  void refuse(Post& post, const std::string& why);

  // The standalone GET stream (http_channel_stream.cc).
  void open_stream();
  void on_stream_head(const beast_http::response_header<>& head);
  bool on_stream_body(std::string_view bytes);
  void on_stream_end(const Status& status);
  void reopen_stream(const std::string& why);

  Request make_request(beast_http::verb verb) const;
  void delete_session();
  void shut(const Error& reason);

  boost::asio::io_context& io_;
  const std::string server_;
  const int port_;
  const std::string path_;
  const HttpChannelOptions options_;
  const std::string log_tag_;  // "server=… container=… transport=streamable-http"
  mcp::McpClientCore core_;
  std::deque<std::string> queue_;                    // waiting to be posted
  std::map<uint64_t, std::shared_ptr<Post>> posts_;  // in flight, by serial
  uint64_t next_post_ = 1;
  int holding_ = 0;  // posts in flight that hold later messages back
  std::string session_id_;
  std::shared_ptr<LocalHttpExchange> stream_;  // the standalone GET stream, while open
  mcp::SseParser stream_events_;
  std::string last_event_id_;                           // of the GET stream, sent when reopening it
  boost::asio::steady_timer stream_timer_;              // the delay before a reopen
  std::chrono::steady_clock::time_point stream_since_;  // when the stream's head came
  int stream_failures_ = 0;        // streams in a row that ended without proving themselves
  bool stream_live_ = false;       // the stream answered 200 text/event-stream
  bool stream_got_event_ = false;  // the stream delivered an event
  bool stream_declined_ = false;   // the server offers no stream: never reopened
  bool opened_ = false;
  bool closed_ = false;
};

}  // namespace berth::proxy
