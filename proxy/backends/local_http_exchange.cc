#include "proxy/backends/local_http_exchange.h"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address_v4.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>
#include <utility>

namespace berth::proxy {

namespace asio = boost::asio;

namespace {

int answer_failure(beast::error_code ec) {
  return ec == beast::error::timeout ? LocalHttpExchange::kHeadTimedOut
                                     : LocalHttpExchange::kNoAnswer;
}

// What a connection the backend closed while it sat idle looks like from here.
bool closed_by_peer(beast::error_code ec) {
  return ec == beast_http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted;
}

}  // namespace

void LocalHttpExchange::start(int port, beast_http::request<beast_http::string_body> request,
                              std::chrono::milliseconds timeout, Handlers handlers) {
  staged_ = false;
  stream_.expires_after(timeout);
  begin(port, std::move(request), std::move(handlers));
}

void LocalHttpExchange::start(int port, beast_http::request<beast_http::string_body> request,
                              Timeouts timeouts, Handlers handlers) {
  staged_ = true;
  timeouts_ = timeouts;
  arm(timeouts_.connect);
  begin(port, std::move(request), std::move(handlers));
}

void LocalHttpExchange::begin(int port, beast_http::request<beast_http::string_body> request,
                              Handlers handlers) {
  port_ = port;
  request_ = std::move(request);
  request_.set(beast_http::field::host, "127.0.0.1:" + std::to_string(port));
  if (pool_) request_.keep_alive(true);
  request_.prepare_payload();
  handlers_ = std::move(handlers);
  active_ = true;
  parser_.body_limit(kNoBodyLimit);
  // Beast reads max(512, free capacity) at a time: without room, a body comes 512 bytes a read.
  buffer_.reserve(sizeof(chunk_));
  parser_.skip(request_.method() == beast_http::verb::head);
  if (adopt_pooled()) return do_write();
  do_connect();
}

bool LocalHttpExchange::adopt_pooled() {
  if (!pool_) return false;
  std::optional<UpstreamPool::Socket> socket = pool_->take(port_);
  if (!socket) return false;
  stream_.socket() = std::move(*socket);
  reused_ = true;
  return true;
}

void LocalHttpExchange::do_connect() {
  const asio::ip::tcp::endpoint endpoint(asio::ip::address_v4::loopback(),
                                         static_cast<unsigned short>(port_));
  stream_.async_connect(
      endpoint, [self = shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
}

void LocalHttpExchange::arm(std::chrono::milliseconds limit) {
  if (!staged_) return;
  if (limit == kNoTimeout) {
    stream_.expires_never();
  } else {
    stream_.expires_after(limit);
  }
}

void LocalHttpExchange::resume() {
  if (!active_ || !paused_) return;
  paused_ = false;
  if (!reading_) do_read_body();
}

void LocalHttpExchange::close() {
  active_ = false;
  stream_.cancel();
  beast::error_code ignored;
  stream_.socket().close(ignored);
}

void LocalHttpExchange::on_connect(beast::error_code ec) {
  if (!active_) return;
  if (ec) return finish(Error{"connect to 127.0.0.1: " + ec.message(), kConnectFailed});
  beast::error_code nodelay_error;  // the request goes out as head and body; no Nagle delay
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), nodelay_error);
  do_write();
}

void LocalHttpExchange::do_write() {
  arm(timeouts_.head);
  beast_http::async_write(
      stream_, request_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_write(ec); });
}

void LocalHttpExchange::on_write(beast::error_code ec) {
  if (!active_) return;
  if (ec && retried_stale(ec)) return;
  if (ec) return finish(Error{"sending the request: " + ec.message(), answer_failure(ec)});
  beast_http::async_read_header(
      stream_, buffer_, parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_head(ec); });
}

bool LocalHttpExchange::retried_stale(beast::error_code ec) {
  if (!reused_ || retried_ || parser_.got_some() || buffer_.size() > 0 || !closed_by_peer(ec)) {
    return false;
  }
  spdlog::debug("event=upstream-retry port={} reason=\"idle connection closed: {}\"", port_,
                ec.message());
  retried_ = true;
  reused_ = false;
  beast::error_code ignored;
  stream_.socket().close(ignored);
  arm(timeouts_.connect);
  do_connect();
  return true;
}

void LocalHttpExchange::on_head(beast::error_code ec) {
  if (!active_) return;
  if (ec && retried_stale(ec)) return;
  // A published port accepts connections before the server listens, then resets them: only an
  // HTTP answer counts.
  if (ec) return finish(Error{"no HTTP answer: " + ec.message(), answer_failure(ec)});
  if (handlers_.on_head) handlers_.on_head(parser_.get().base());
  if (!active_) return;
  if (parser_.is_done()) return finish(ok_status());
  if (!paused_) do_read_body();
}

void LocalHttpExchange::do_read_body() {
  if (!parse_buffered_body()) return;
  if (parser_.is_done()) return finish(ok_status());
  reading_ = true;
  arm(timeouts_.idle);
  parser_.get().body().data = chunk_;
  parser_.get().body().size = sizeof(chunk_);
  beast_http::async_read_some(
      stream_, buffer_, parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body(ec); });
}

bool LocalHttpExchange::parse_buffered_body() {
  auto self = shared_from_this();  // a handler may drop its owner's last reference to this
  while (buffer_.size() > 0 && !parser_.is_done()) {
    parser_.get().body().data = chunk_;
    parser_.get().body().size = sizeof(chunk_);
    beast::error_code ec;
    const std::size_t used = parser_.put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == beast_http::error::need_buffer || ec == beast_http::error::need_more) ec = {};
    if (ec) {
      finish(Error{"reading the response body: " + ec.message(), kBodyFailed});
      return false;
    }
    const size_t got = sizeof(chunk_) - parser_.get().body().size;
    if (got > 0 && handlers_.on_body && !handlers_.on_body(std::string_view(chunk_, got))) {
      finish(ok_status());
      return false;
    }
    if (!active_ || paused_) return false;
    if (used == 0 && got == 0) break;  // the rest needs bytes still to come
  }
  return true;
}

void LocalHttpExchange::on_body(beast::error_code ec) {
  reading_ = false;
  if (!active_) return;
  if (ec == beast_http::error::need_buffer) ec = {};
  const size_t got = sizeof(chunk_) - parser_.get().body().size;
  if (got > 0 && handlers_.on_body && !handlers_.on_body(std::string_view(chunk_, got))) {
    return finish(ok_status());
  }
  if (!active_) return;
  if (ec) return finish(Error{"reading the response body: " + ec.message(), kBodyFailed});
  if (parser_.is_done()) return finish(ok_status());
  if (!paused_) do_read_body();
}

void LocalHttpExchange::finish(Status status) {
  if (!active_) return;
  active_ = false;
  beast::error_code ignored;
  if (status.ok() && reusable()) {
    pool_->give(port_, std::move(stream_.socket()));
  } else {
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }
  auto on_end = std::move(handlers_.on_end);
  handlers_ = {};
  if (on_end) on_end(std::move(status));
}

bool LocalHttpExchange::reusable() const {
  if (!pool_ || !parser_.is_done() || !parser_.keep_alive() || buffer_.size() > 0) return false;
  // An event stream read to its end (a POST's answer stream the server closed after its last
  // response) is an ordinary finished response: its connection is as good as any other.
  return parser_.get().base().result_int() >= 200;
}

}  // namespace berth::proxy
