#include "tests/tools/sse_test_stream.h"

#include <algorithm>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <limits>
#include <string_view>

namespace berth::test_support {

namespace beast = boost::beast;
namespace http = beast::http;

std::string SseTestStream::open(const std::string& target, Duration timeout) {
  if (std::string error = connection_.connect(host_, port_, timeout); !error.empty()) return error;
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, host_ + ":" + std::to_string(port_));
  request.set(http::field::accept, "text/event-stream");
  parser_.body_limit(std::numeric_limits<std::uint64_t>::max());
  beast::error_code ec =
      connection_.run([&request](beast::tcp_stream& stream, beast::flat_buffer&,
                                 auto handler) { http::async_write(stream, request, handler); },
                      timeout);
  if (!ec) {
    ec = connection_.run(
        [this](beast::tcp_stream& stream, beast::flat_buffer& buffer, auto handler) {
          http::async_read_header(stream, buffer, parser_, handler);
        },
        timeout);
  }
  return ec ? "GET " + target + ": " + ec.message() : "";
}

std::string SseTestStream::content_type() const {
  return std::string(parser_.get()[http::field::content_type]);
}

std::optional<SseEvent> SseTestStream::next_event(Duration timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (std::optional<SseEvent> event = take_event()) return event;
    auto left = std::chrono::duration_cast<Duration>(deadline - std::chrono::steady_clock::now());
    if (left <= Duration::zero()) {
      error_ = "no event within " + std::to_string(timeout.count()) + " ms";
      return std::nullopt;
    }
    beast::error_code ec = connection_.run(
        [this](beast::tcp_stream& stream, beast::flat_buffer& buffer, auto handler) {
          http::async_read_some(stream, buffer, parser_, handler);
        },
        left);
    if (ec) {
      error_ = "reading the event stream: " + ec.message();
      return std::nullopt;
    }
  }
}

std::optional<SseEvent> SseTestStream::take_event() {
  const std::string& body = parser_.get().body();
  for (;;) {
    std::size_t end = body.find("\n\n", consumed_);
    if (end == std::string::npos) return std::nullopt;
    std::string_view block(body.data() + consumed_, end - consumed_);
    consumed_ = end + 2;
    SseEvent event;
    bool has_fields = false;
    while (!block.empty()) {
      std::string_view line = block.substr(0, block.find('\n'));
      block.remove_prefix(std::min(block.size(), line.size() + 1));
      if (line.empty() || line.front() == ':') continue;
      std::size_t colon = line.find(':');
      std::string_view name = line.substr(0, colon);
      std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
      if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (name == "event") event.event = value;
      if (name == "data") event.data += (event.data.empty() ? "" : "\n") + std::string(value);
      has_fields = true;
    }
    if (has_fields) return event;
  }
}

}  // namespace berth::test_support
