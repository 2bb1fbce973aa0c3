#include "tests/tools/http_test_client.h"

#include <algorithm>
#include <boost/asio/write.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <string_view>

namespace berth::test_support {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

HttpTestResponse convert(const http::response<http::string_body>& message) {
  HttpTestResponse response;
  response.status = static_cast<int>(message.result_int());
  response.body = message.body();
  response.keep_alive = message.keep_alive();
  for (const auto& field : message) {
    response.headers[lower(std::string(field.name_string()))] = std::string(field.value());
  }
  return response;
}

}  // namespace

std::string HttpTestResponse::header(std::string name) const {
  auto it = headers.find(lower(std::move(name)));
  return it == headers.end() ? "" : it->second;
}

HttpTestResult HttpTestClient::request(http::verb method, const std::string& target,
                                       const std::string& body,
                                       const std::map<std::string, std::string>& headers,
                                       Duration timeout) {
  HttpTestResult result;
  result.error = ensure_connected(timeout);
  if (!result.ok()) return result;
  http::request<http::string_body> request(method, target, 11);
  request.set(http::field::host, host_ + ":" + std::to_string(port_));
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  beast::error_code ec =
      connection_.run([&request](beast::tcp_stream& stream, beast::flat_buffer&,
                                 auto handler) { http::async_write(stream, request, handler); },
                      timeout);
  if (ec) {
    connection_.close();
    result.error = std::string(http::to_string(method)) + " " + target + ": " + ec.message();
    return result;
  }
  return read_response(timeout);
}

HttpTestResult HttpTestClient::post_json(const std::string& target, const std::string& json,
                                         const std::map<std::string, std::string>& headers,
                                         Duration timeout) {
  std::map<std::string, std::string> all = headers;
  all.emplace("Content-Type", "application/json");
  all.emplace("Accept", "application/json, text/event-stream");
  return request(http::verb::post, target, json, all, timeout);
}

std::string HttpTestClient::send_raw(const std::string& bytes, Duration timeout) {
  if (std::string error = ensure_connected(timeout); !error.empty()) return error;
  beast::error_code ec = connection_.run(
      [&bytes](beast::tcp_stream& stream, beast::flat_buffer&, auto handler) {
        boost::asio::async_write(stream, boost::asio::buffer(bytes), handler);
      },
      timeout);
  return ec ? "sending raw bytes: " + ec.message() : "";
}

HttpTestResult HttpTestClient::read_raw_until(const std::string& delimiter, Duration timeout) {
  HttpTestResult result;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  beast::flat_buffer& buffer = connection_.buffer();
  for (;;) {
    std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
    if (std::size_t end = data.find(delimiter); end != std::string_view::npos) {
      result.response.body = std::string(data.substr(0, end + delimiter.size()));
      buffer.consume(end + delimiter.size());
      return result;
    }
    auto left = std::chrono::duration_cast<Duration>(deadline - std::chrono::steady_clock::now());
    beast::error_code ec = connection_.run(
        [](beast::tcp_stream& stream, beast::flat_buffer& into, auto handler) {
          stream.async_read_some(into.prepare(4096),
                                 [&into, handler](beast::error_code error, std::size_t n) {
                                   into.commit(n);
                                   handler(error, n);
                                 });
        },
        std::max(left, Duration::zero()));
    if (ec) {
      result.error = "reading raw bytes: " + ec.message();
      return result;
    }
  }
}

HttpTestResult HttpTestClient::read_response(Duration timeout) {
  HttpTestResult result;
  http::response<http::string_body> response;
  beast::error_code ec;
  // Skips interim answers (100 Continue) to reach the final response.
  for (bool interim = true; !ec && interim; interim = response.result_int() / 100 == 1) {
    response = {};
    ec = connection_.run(
        [&response](beast::tcp_stream& stream, beast::flat_buffer& buffer, auto handler) {
          http::async_read(stream, buffer, response, handler);
        },
        timeout);
  }
  if (ec) {
    connection_.close();
    result.error = "reading the response: " + ec.message();
    return result;
  }
  result.response = convert(response);
  if (!result.response.keep_alive) connection_.close();
  return result;
}

std::string HttpTestClient::ensure_connected(Duration timeout) {
  if (connection_.is_open()) return "";
  std::string error = connection_.connect(host_, port_, timeout);
  if (error.empty()) ++connections_opened_;
  return error;
}

}  // namespace berth::test_support
