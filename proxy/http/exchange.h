#pragma once
// Exchange: one request and the way to answer it, handed to a route's handler.
//
// A handler answers exactly once, either completely or as a stream:
//   respond(make_json_response(…))                        — a complete response, or
//   start_stream(make_stream_head(HttpStatus::ok, kEventStreamType));
//   write(chunk, done)… ; end()                             — a streamed (chunked) response.
// An SSE stream is a streamed response with `text/event-stream` whose chunks are events.
// Back-pressure: `done(true)` runs once a chunk is on the wire; write the next chunk from there
// (chunks written earlier are queued, in order, without bound). `done(false)`: never written
// (client gone, stream ended, HEAD request) — stop producing.
// on_disconnect(): runs once if the client goes away before the answer is complete.
//
// Ownership: handlers hold the exchange by shared_ptr for as long as they answer; it keeps its
// connection alive. Dropping it unanswered answers 500; dropping it mid-stream without end()
// closes the connection (the client sees a truncated body). Release every exchange before the
// io_context is destroyed.
//
// Thread safety: every member may be called from any thread; answers are dispatched onto the
// connection's strand (executor()), and callbacks (done, on_disconnect) run there.

#include <boost/asio/strand.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "proxy/http/http_connection.h"
#include "proxy/http/http_types.h"
#include "proxy/http/router.h"

namespace berth::proxy::http {

class Exchange {
 public:
  Exchange(std::shared_ptr<HttpConnection> session, std::uint64_t id, Request request,
           RouteParams params);
  ~Exchange();
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  [[nodiscard]] const Request& request() const { return request_; }
  [[nodiscard]] Verb method() const { return request_.method(); }
  // The target's path, without the query string.
  [[nodiscard]] std::string_view path() const;
  // The value of a route {parameter}, or "" if the pattern has none by that name.
  [[nodiscard]] std::string_view param(std::string_view name) const;
  // A query string value, not %-decoded; nullopt if absent.
  [[nodiscard]] std::optional<std::string> query(std::string_view name) const;
  // The connection's strand: post work here to run next to the connection's own handlers.
  [[nodiscard]] HttpConnection::Executor executor() const { return session_->executor(); }

  void respond(Response response);
  void start_stream(StreamHead head);
  void write(std::string chunk, WriteDone done = {});
  void end();
  void on_disconnect(std::function<void()> handler);
  // True once the client has gone away.
  [[nodiscard]] bool disconnected() const { return session_->client_gone(); }

 private:
  std::shared_ptr<HttpConnection> session_;
  const std::uint64_t id_;
  const Request request_;
  const RouteParams params_;
};

}  // namespace berth::proxy::http
