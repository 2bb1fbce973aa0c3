#pragma once
// HttpConnection: one accepted HTTP/1.1 connection, in the shape of Beast's advanced server
// example: do_x/on_x pairs, kept alive by shared_from_this across async steps, one fail() for
// errors, a timeout on every read and write.
//
// The connection holds a ConnectionSlot (none if it came in over the limit) while its socket is
// open: closing the socket gives it back, though an Exchange may keep the object alive longer.
//
// Per request: wait for it (idle keep-alive timeout), read the header and body (header timeout,
// body limit → 413), run the RequestGuard (Host, Origin, bearer token; a CORS preflight is
// answered here), route, and hand an Exchange to the handler. While a handler has not finished
// its response the session watches the socket, so it learns when the client goes away and tells
// the handler. A response is complete (`respond`) or streamed (`start_stream`, `write_chunk`…,
// `end_stream`, Transfer-Encoding: chunked, one write in flight at a time, gathering whatever the
// handler queued meanwhile); both get the CORS headers of an allowed Origin in finish_head(),
// which also records the answer in the server's ProxyMetrics (if any) for /mcp/{name}… and
// /sse/{name}… paths: every answer passes there, the server's own errors included. Then the next
// request on the same connection, or close.
//
// Once the connection has failed (the client left, a write failed or timed out, the handler
// abandoned its stream) it is closed for good: completions that were already queued — a write
// that succeeded just before — change nothing, so no new read starts on the closed socket, and
// the chunk on the wire stays queued until its write completes (the write reads its buffer).
//
// Thread safety: everything runs on the session's strand (the socket's executor). The public
// request-scoped calls are made by Exchange, which dispatches them onto that strand; `id` names
// the request a call belongs to, so calls for an earlier request are ignored.

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "proxy/http/connection_slot.h"
#include "proxy/http/http_types.h"
#include "proxy/http/server_context.h"

namespace berth::proxy::http {

// Called on the session's strand once a chunk is on the wire (true) or can never be (false).
using WriteDone = std::function<void(bool written)>;

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  using Executor = boost::beast::tcp_stream::executor_type;

  // A slot that holds none: the server is full; this connection gets 503 for its first request
  // and closes.
  HttpConnection(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerContext> context,
                 ConnectionSlot slot);
  ~HttpConnection() = default;
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void run();
  [[nodiscard]] Executor executor() { return stream_.get_executor(); }
  // True once the client has gone away (readable from any thread).
  [[nodiscard]] bool client_gone() const { return gone_.load(); }

  // REQUIRES: running on executor(). See Exchange for what each call means.
  void respond(std::uint64_t id, Response response);
  void start_stream(std::uint64_t id, StreamHead head);
  void write_chunk(std::uint64_t id, std::string data, WriteDone done);
  void end_stream(std::uint64_t id);
  void set_disconnect_handler(std::uint64_t id, std::function<void()> handler);
  void abandon(std::uint64_t id);

 private:
  enum class State { kReading, kHandling, kWriting, kStreaming, kFinishing, kClosed };
  struct Chunk {
    std::string size_line;  // the chunk's size in hex and CRLF
    std::string data;
    WriteDone done;
  };
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  // Reading a request (http_connection.cc).
  void do_read_request();
  void on_idle(boost::beast::error_code ec, std::size_t bytes);
  void do_read_header();
  void on_read_header(boost::beast::error_code ec, std::size_t bytes);
  void do_read_body();
  void on_read_body(boost::beast::error_code ec, std::size_t bytes);
  void on_read_error(boost::beast::error_code ec);
  void handle_request();
  void run_handler(const Handler& handler, RouteParams params, Request request);
  // The Authorizer's decision, then route() (see Admission::authorize).
  void authorize(Request request);
  void on_authorized(std::uint64_t id, Request request, std::optional<Rejection> rejection);
  void route(Request request);
  // Version, status for the log and metrics, CORS headers, for complete and streamed answers
  // alike.
  void finish_head(boost::beast::http::response_header<>& head);
  void record_metrics() const;
  // A complete response.
  void send(Response response);
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  // A streamed response (http_connection_stream.cc).
  // Posts one flush() for everything the handler queues in this turn of the event loop.
  void schedule_flush();
  // Writes what is due — the head, the queued chunks, the last chunk — in one write.
  void flush();
  void on_write_stream(boost::beast::error_code ec, std::size_t bytes);
  void fail_chunks();
  // Watching for the client going away while a handler works.
  void do_watch();
  void on_watch(boost::beast::error_code ec, std::size_t bytes);
  // After a response: the next request, or close.
  void finish_response();
  void continue_connection();
  void do_close();
  void on_drain(boost::beast::error_code ec, std::size_t bytes);
  void fail(boost::beast::error_code ec, const char* what);
  // Closes the socket and gives the connection's slot back.
  void close_socket();
  void notify_gone();
  void log_request() const;

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<ServerContext> context_;
  ConnectionSlot slot_;  // after context_, which holds the count: released first
  const bool over_limit_;
  std::optional<Parser> parser_;
  State state_ = State::kReading;
  std::uint64_t request_id_ = 0;
  int requests_done_ = 0;

  // The request in progress.
  bool keep_alive_ = false;
  bool head_request_ = false;
  Verb verb_ = Verb::unknown;
  std::string method_;
  std::string path_;
  unsigned status_ = 0;
  std::string cors_origin_;  // the request's allowed Origin, "" if none: CORS headers to add
  std::chrono::steady_clock::time_point started_;  // when the request had been read
  std::unique_ptr<Response> response_;
  std::function<void()> on_gone_;

  // The streamed response in progress. What a handler queues in one turn (head, chunks, end)
  // leaves in one write: a small event-stream answer is one segment on the wire, not three.
  std::string stream_head_;  // the serialized head, until its write completes
  // The first chunks_on_wire_ chunks are on the wire while stream_writing_: they stay queued,
  // even through fail(), until the write completes (it reads their buffers).
  std::deque<Chunk> chunks_;
  std::size_t chunks_on_wire_ = 0;
  bool stream_writing_ = false;
  bool last_chunk_on_wire_ = false;
  bool flush_scheduled_ = false;
  bool end_requested_ = false;

  bool watching_ = false;
  std::atomic<bool> gone_{false};
  std::array<char, 512> drain_{};
};

}  // namespace berth::proxy::http
