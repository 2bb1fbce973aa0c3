#pragma once
// Listener: accepts connections for one HttpServer and starts an HttpConnection for each, on a
// strand of its own. Counts open sockets against max_connections (a ConnectionSlot each); past the
// limit a connection is still served once, with 503, so the client learns why.
//
// Ownership: shared_from_this keeps it alive while an accept is pending; stop() closes the
// acceptor and the listener ends with its last handler. Thread safety: open() on any thread
// before run(); run() and stop() from any thread (they dispatch onto the strand).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <cstdint>
#include <memory>

#include "base/result.h"
#include "proxy/http/server_context.h"

namespace berth::proxy::http {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& io, std::shared_ptr<ServerContext> context);

  // Binds and listens on the options' address and port.
  [[nodiscard]] berth::Status open();
  void run();
  void stop();
  // The bound port (the ephemeral one when the options asked for 0); 0 before open().
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  std::shared_ptr<ServerContext> context_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;  // pauses accepting after an accept error (EMFILE)
  std::uint16_t port_ = 0;
};

}  // namespace berth::proxy::http
