#pragma once
// LocalHttpExchange: one HTTP/1.1 request to a port published on 127.0.0.1, with the response
// body streamed to the caller as it arrives (an SSE stream may never end).
//
// Only 127.0.0.1 is ever dialled: berth never sends traffic to container bridge addresses. The
// exchange has one deadline for its whole life (connect, write, head, body). Callbacks: on_head
// once the head is in; on_body for each piece of body, returning false to stop reading; on_end
// exactly once (ok at the end of the body or after a stop; else the error), unless close() came
// first, after which nothing is called.
//
// Made with create() (shared_ptr: it keeps itself alive while I/O is in flight). Runs on the
// owner's io_context, which must be run by one thread. Not thread-safe.

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
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

#include "proxy/backends/body_limit.h"
#include "specs/result.h"

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

class LocalHttpExchange : public std::enable_shared_from_this<LocalHttpExchange> {
 public:
  struct Handlers {
    std::function<void(const beast_http::response_header<>& head)> on_head;
    std::function<bool(std::string_view body)> on_body;
    std::function<void(Status status)> on_end;
  };

  static std::shared_ptr<LocalHttpExchange> create(boost::asio::io_context& io) {
    return std::shared_ptr<LocalHttpExchange>(new LocalHttpExchange(io));
  }

  // Sends `request` (Host and Content-Length are filled in) to 127.0.0.1:`port`.
  void start(int port, beast_http::request<beast_http::string_body> request,
             std::chrono::milliseconds timeout, Handlers handlers);
  // Stops at once; no callback follows.
  void close();

 private:
  explicit LocalHttpExchange(boost::asio::io_context& io) : stream_(io) {}

  void on_connect(beast::error_code ec);
  void on_write(beast::error_code ec);
  void on_head(beast::error_code ec);
  void do_read_body();
  void on_body(beast::error_code ec);
  void finish(Status status);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  beast_http::request<beast_http::string_body> request_;
  beast_http::response_parser<beast_http::buffer_body> parser_;
  char chunk_[16 * 1024];
  Handlers handlers_;
  bool active_ = false;
};

}  // namespace berth::proxy
