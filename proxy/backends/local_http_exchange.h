#pragma once
// LocalHttpExchange: one HTTP/1.1 request to a port published on 127.0.0.1, with the response
// body streamed to the caller as it arrives (an SSE stream may never end).
//
// Only 127.0.0.1 is ever dialled: berth never sends traffic to container bridge addresses.
// Deadlines: either one for the exchange's whole life (connect, write, head, body; the probes),
// or one per stage (Timeouts: connect, then write + head, then each wait for body; the reverse
// proxy), where the idle limit may be lifted once the head is in (an SSE stream).
// Callbacks: on_head once the head is in; on_body for each piece of body, returning false to stop
// reading (or calling pause() to stop until resume(): back-pressure); on_end exactly once (ok at
// the end of the body or after a stop; else the error, its Error::code a FailureCode), unless
// close() came first, after which nothing is called. A HEAD request's answer has no body.
//
// Connection reuse (only when made with an UpstreamPool): the request is sent keep-alive on an
// idle pooled connection if there is one, else on a new one. The connection goes back to the
// pool only when the response was read to its end (an event stream too, once the server ended
// it), is final (not 1xx), and keeps the connection alive (HTTP/1.1 without `Connection: close`,
// nothing unread after it); after an error, a stop before the end, or close(), it is closed. A
// pooled connection that turns out closed by the backend (EOF or reset while sending or before any
// byte of the answer) is retried once on a new connection: the backend closed it idle, not after
// reading the request, which is the case browsers, curl and nginx retry too, even for a POST. A
// timeout, a partial answer, or a failure on a new connection is never retried.
//
// Made with create() (shared_ptr: it keeps itself alive while I/O is in flight). Its handlers
// run on the executor it was created with (an io_context run by one thread, or a strand); every
// call must be made there. With a pool, that executor must be the io_context's own, the one of
// every socket in the pool: a socket keeps the executor it was made with (handing it from
// exchange to exchange is a move), so the exchange that adopts it runs its handlers there. Not
// thread-safe.

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "proxy/backends/body_limit.h"
#include "proxy/backends/upstream_pool.h"

namespace berth::proxy {

namespace beast = boost::beast;
namespace beast_http = beast::http;

// Beast's header values are boost::string_view in Boost 1.74.
inline std::string header_value(const beast_http::response_header<>& head,
                                beast::string_view name) {
  const beast::string_view value = head[name];
  return std::string(value.data(), value.size());
}
inline std::string header_value(const beast_http::response_header<>& head, beast_http::field name) {
  const beast::string_view value = head[name];
  return std::string(value.data(), value.size());
}
// Whether the head's Content-Type starts with `media_type`, ignoring ASCII case.
inline bool content_type_starts_with(const beast_http::response_header<>& head,
                                     std::string_view media_type) {
  const beast::string_view type = head[beast_http::field::content_type];
  return type.size() >= media_type.size() &&
         beast::iequals(type.substr(0, media_type.size()),
                        beast::string_view(media_type.data(), media_type.size()));
}
// Whether a response head announces a text/event-stream body.
inline bool is_event_stream(const beast_http::response_header<>& head) {
  return content_type_starts_with(head, "text/event-stream");
}

class LocalHttpExchange : public std::enable_shared_from_this<LocalHttpExchange> {
 public:
  struct Handlers {
    std::function<void(const beast_http::response_header<>& head)> on_head;
    std::function<bool(std::string_view body)> on_body;
    std::function<void(Status status)> on_end;
  };

  // Per-stage limits; kNoTimeout lifts one.
  struct Timeouts {
    std::chrono::milliseconds connect{5'000};
    std::chrono::milliseconds head{5'000};  // from connected until the response head is in
    std::chrono::milliseconds idle{5'000};  // each wait for the next piece of body
  };
  static constexpr std::chrono::milliseconds kNoTimeout{0};

  // What failed, in the Error::code of the Status given to on_end.
  enum FailureCode : int {
    kConnectFailed = 1,  // nothing listens, or the connect timed out
    kNoAnswer = 2,       // the request could not be sent, or the connection broke before a head
    kHeadTimedOut = 3,   // no head within the deadline
    kBodyFailed = 4,     // the body broke off or stalled
  };

  static std::shared_ptr<LocalHttpExchange> create(boost::asio::io_context& io) {
    return std::shared_ptr<LocalHttpExchange>(new LocalHttpExchange(io.get_executor()));
  }
  static std::shared_ptr<LocalHttpExchange> create(boost::asio::any_io_executor executor) {
    return std::shared_ptr<LocalHttpExchange>(new LocalHttpExchange(std::move(executor)));
  }
  // Takes its connection from `pool` and gives it back when it can be reused (see above); runs
  // on `io`'s own executor, as the pool's sockets do.
  static std::shared_ptr<LocalHttpExchange> create(boost::asio::io_context& io,
                                                   std::shared_ptr<UpstreamPool> pool) {
    auto exchange = create(io);
    exchange->pool_ = std::move(pool);
    return exchange;
  }

  // Sends `request` (Host and Content-Length are filled in) to 127.0.0.1:`port`, under one
  // deadline for the whole exchange.
  void start(int port, beast_http::request<beast_http::string_body> request,
             std::chrono::milliseconds timeout, Handlers handlers);
  // The same, under a deadline per stage.
  void start(int port, beast_http::request<beast_http::string_body> request, Timeouts timeouts,
             Handlers handlers);
  // Staged deadlines only: the limit for each wait for body from now on (kNoTimeout: none).
  void set_idle_timeout(std::chrono::milliseconds idle) { timeouts_.idle = idle; }
  // Stops reading the body after the current piece (call from on_body); resume() reads on.
  void pause() { paused_ = true; }
  void resume();
  // Stops at once; no callback follows.
  void close();

 private:
  explicit LocalHttpExchange(boost::asio::any_io_executor executor)
      : stream_(std::move(executor)) {}

  void begin(int port, beast_http::request<beast_http::string_body> request, Handlers handlers);
  // Staged deadlines only: `limit` for the operations that follow.
  void arm(std::chrono::milliseconds limit);
  // Adopts an idle connection from the pool; false if there is none.
  bool adopt_pooled();
  void do_connect();
  void on_connect(beast::error_code ec);
  void do_write();
  // Whether a failure to send or to get a head is a pooled connection closed while idle, to be
  // retried once on a new one; if so, starts the retry.
  bool retried_stale(beast::error_code ec);
  void on_write(beast::error_code ec);
  void on_head(beast::error_code ec);
  // Reads the body on: first what is buffered already (parse_buffered_body), then from the
  // socket.
  void do_read_body();
  // Hands body already in buffer_ to on_body at once (the head's read usually brought the first
  // piece along, often the end too): a short answer is passed on in the turn its head came, not
  // one trip through the event loop later. False when reading stops here (paused, stopped, ended
  // or failed).
  [[nodiscard]] bool parse_buffered_body();
  void on_body(beast::error_code ec);
  void finish(Status status);
  // Whether the connection may carry another request after an ok end.
  [[nodiscard]] bool reusable() const;

  beast::tcp_stream stream_;
  std::shared_ptr<UpstreamPool> pool_;  // null: a new connection, closed after the exchange
  int port_ = 0;
  beast::flat_buffer buffer_;
  beast_http::request<beast_http::string_body> request_;
  beast_http::response_parser<beast_http::buffer_body> parser_;
  char chunk_[16 * 1024];
  Handlers handlers_;
  Timeouts timeouts_;
  bool staged_ = false;  // false: one deadline, set in start(), for the whole exchange
  bool active_ = false;
  bool paused_ = false;
  bool reading_ = false;  // a body read is in flight
  bool reused_ = false;   // the connection came from the pool
  bool retried_ = false;  // the request is on its second connection
};

}  // namespace berth::proxy
