// TestConnection is one TCP connection to 127.0.0.1 for HTTP test clients, with a timeout on
// every operation: each call starts an async Beast operation and runs a private io_context
// until it completes or beast::tcp_stream's expiry cancels it. The blocking calls read like
// synchronous code without ever hanging a test.
// Thread safety: none; one test thread owns a connection.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

namespace berth::test_support {

class TestConnection {
 public:
  using Duration = std::chrono::milliseconds;

  TestConnection() = default;
  TestConnection(const TestConnection&) = delete;
  TestConnection& operator=(const TestConnection&) = delete;

  // Connects to host:port (numeric address). Returns "" or an error message.
  [[nodiscard]] std::string connect(const std::string& host, std::uint16_t port, Duration timeout);

  // Runs start(stream, buffer, handler) to completion or timeout; returns its error.
  // start must begin one async operation that calls handler(error_code, size_t).
  template <typename Start>
  boost::beast::error_code run(Start&& start, Duration timeout) {
    boost::beast::error_code result = boost::asio::error::would_block;
    stream_.expires_after(timeout);
    std::forward<Start>(start)(
        stream_, buffer_, [&result](boost::beast::error_code ec, std::size_t) { result = ec; });
    io_.restart();
    io_.run();
    return result;
  }

  [[nodiscard]] bool is_open() const { return stream_.socket().is_open(); }
  // Bytes read past the end of the last message; callers that read raw consume from it.
  [[nodiscard]] boost::beast::flat_buffer& buffer() { return buffer_; }
  // The local port of the connection: the same number across calls proves keep-alive reuse.
  [[nodiscard]] std::uint16_t local_port() const;
  void close();
  // Sends FIN but keeps reading: a client that has said all it will say (or is leaving).
  void shutdown_send();

 private:
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_{io_};
  boost::beast::flat_buffer buffer_;  // bytes read past the end of the last message.
};

}  // namespace berth::test_support
