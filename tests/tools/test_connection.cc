#include "tests/tools/test_connection.h"

#include <boost/asio/ip/address.hpp>

namespace berth::test_support {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string TestConnection::connect(const std::string& host, std::uint16_t port, Duration timeout) {
  boost::system::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address(host, ec), port);
  if (ec) return "bad address '" + host + "': " + ec.message();
  close();
  buffer_.clear();
  boost::beast::error_code result = run(
      [&endpoint](boost::beast::tcp_stream& stream, boost::beast::flat_buffer&, auto handler) {
        stream.async_connect(endpoint, [handler](boost::beast::error_code ec) { handler(ec, 0); });
      },
      timeout);
  if (result) return "connect to " + host + ":" + std::to_string(port) + ": " + result.message();
  return "";
}

std::uint16_t TestConnection::local_port() const {
  boost::system::error_code ec;
  auto endpoint = stream_.socket().local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void TestConnection::shutdown_send() {
  boost::system::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

void TestConnection::close() {
  boost::system::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
}

}  // namespace berth::test_support
