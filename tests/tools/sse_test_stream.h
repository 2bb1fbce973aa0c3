// SseTestStream opens a text/event-stream (GET) on a server under test and reads its events one
// at a time, each read bounded by a timeout. Comment lines (": keepalive") are skipped.
// Thread safety: none; one test thread owns a stream.
#pragma once

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "tests/tools/test_connection.h"

namespace berth::test_support {

struct SseEvent {
  std::string event = "message";  // the SSE default when no `event:` line is given.
  std::string data;               // `data:` lines joined with '\n'.
};

class SseTestStream {
 public:
  using Duration = std::chrono::milliseconds;

  explicit SseTestStream(std::uint16_t port, std::string host = "127.0.0.1")
      : host_(std::move(host)), port_(port) {}

  // Connects, sends GET target and reads the response header. Returns "" or an error message.
  [[nodiscard]] std::string open(const std::string& target, Duration timeout);

  [[nodiscard]] int status() const { return static_cast<int>(parser_.get().result_int()); }
  [[nodiscard]] std::string content_type() const;

  // The next event, or nullopt (with error()) if none arrives within timeout.
  [[nodiscard]] std::optional<SseEvent> next_event(Duration timeout);
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  // Parses the next complete event out of the body received so far.
  [[nodiscard]] std::optional<SseEvent> take_event();

  std::string host_;
  std::uint16_t port_;
  TestConnection connection_;
  boost::beast::http::response_parser<boost::beast::http::string_body> parser_;
  std::size_t consumed_ = 0;  // body bytes already returned as events.
  std::string error_;
};

}  // namespace berth::test_support
