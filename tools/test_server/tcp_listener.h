// TcpListener owns the listening socket of the HTTP transports. It binds the address, announces
// the bound port on stderr ("listening port=N", so a test that asked for port 0 can find it) and
// hands every accepted connection to a handler on a thread of its own: plain blocking I/O, one
// thread per connection, which is all a test server needs (keep-alive included).
// Thread safety: open() then serve(), from one thread. Handlers run concurrently and must not
// touch the listener.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <string>

#include "base/result.h"

namespace berth::test_server {

class TcpListener {
 public:
  using Socket = boost::asio::ip::tcp::socket;

  // Binds host:port and starts listening. host is numeric or "localhost" (no resolver: the
  // binary is static).
  [[nodiscard]] Status open(const std::string& host, std::uint16_t port);

  // Accepts connections forever, running on_connection on a new detached thread for each.
  [[noreturn]] void serve(std::function<void(Socket)> on_connection);

 private:
  boost::asio::io_context io_;  // only hosts the sockets; all I/O is synchronous.
  boost::asio::ip::tcp::acceptor acceptor_{io_};
};

}  // namespace berth::test_server
