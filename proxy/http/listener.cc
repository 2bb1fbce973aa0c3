#include "proxy/http/listener.h"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "proxy/http/http_connection.h"

namespace berth::proxy::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

Listener::Listener(asio::io_context& io, std::shared_ptr<ServerContext> context)
    : io_(io),
      context_(std::move(context)),
      strand_(asio::make_strand(io)),
      acceptor_(strand_),
      retry_timer_(strand_) {}

berth::Status Listener::open() {
  const HttpServerOptions& options = context_->options;
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(options.address, ec);
  if (ec) return Error{"listen address '" + options.address + "' is not a numeric IP address"};
  tcp::endpoint endpoint(address, options.port);
  std::string where = options.address + ":" + std::to_string(options.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error{"listen on " + where + ": " + ec.message()};
  port_ = acceptor_.local_endpoint(ec).port();
  spdlog::info("event=listening address={} port={}", options.address, port_);
  return ok_status();
}

void Listener::run() {
  asio::dispatch(strand_, beast::bind_front_handler(&Listener::do_accept, shared_from_this()));
}

void Listener::stop() {
  asio::dispatch(strand_, [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_timer_.cancel();
  });
}

void Listener::do_accept() {
  if (!acceptor_.is_open()) return;
  // Each connection gets a strand of its own: sessions never run concurrently with themselves.
  acceptor_.async_accept(asio::make_strand(io_),
                         beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    spdlog::warn("event=accept-failed error=\"{}\"", ec.message());
    retry_timer_.expires_after(std::chrono::milliseconds(100));
    retry_timer_.async_wait([self = shared_from_this()](beast::error_code error) {
      if (!error) self->do_accept();
    });
    return;
  }
  // Small answers (a JSON-RPC response, one SSE event) must not wait for the client's delayed
  // ACK: without this, Nagle holds the body back ~40 ms behind a separately written head.
  beast::error_code nodelay_error;
  socket.set_option(tcp::no_delay(true), nodelay_error);
  ConnectionSlot slot =
      ConnectionSlot::take(context_->connections, context_->options.max_connections);
  if (!slot.held()) {
    spdlog::warn("event=connection-refused reason=too-many-connections limit={}",
                 context_->options.max_connections);
  }
  std::make_shared<HttpConnection>(std::move(socket), context_, std::move(slot))->run();
  do_accept();
}

}  // namespace berth::proxy::http
