#include "tools/test_server/tcp_listener.h"

#include <chrono>
#include <cstdio>
#include <thread>

namespace berth::test_server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Status TcpListener::open(const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) return Error{"invalid --host '" + host + "': expected a numeric IP address"};
  tcp::endpoint endpoint(address, port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error{"cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message()};
  }
  std::fprintf(stderr, "listening port=%u\n",
               static_cast<unsigned>(acceptor_.local_endpoint(ec).port()));
  return ok_status();
}

void TcpListener::serve(std::function<void(Socket)> on_connection) {
  for (;;) {
    boost::system::error_code ec;
    Socket socket(io_);
    acceptor_.accept(socket, ec);
    if (ec) {
      // Usually EMFILE under a flood: back off briefly instead of spinning.
      std::fprintf(stderr, "accept failed error=\"%s\"\n", ec.message().c_str());
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    std::thread([on_connection, socket = std::move(socket)]() mutable {
      on_connection(std::move(socket));
    }).detach();
  }
}

}  // namespace berth::test_server
