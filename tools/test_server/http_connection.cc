#include "tools/test_server/http_connection.h"

#include <algorithm>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace berth::test_server {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

// Reads one request. Answers `Expect: 100-continue` (curl sends it for large bodies and would
// otherwise wait a second before sending the body).
bool read_request(tcp::socket& socket, beast::flat_buffer& buffer, HttpRequest& request) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(kMaxRequestBody);
  beast::error_code ec;
  http::read_header(socket, buffer, parser, ec);
  if (ec) return false;  // end_of_stream on a clean close; anything else ends it too.
  if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
    http::response<http::empty_body> go_on(http::status::continue_, parser.get().version());
    http::write(socket, go_on, ec);
    if (ec) return false;
  }
  http::read(socket, buffer, parser, ec);
  if (ec) return false;
  request = parser.release();
  return true;
}

}  // namespace

void serve_http_connection(tcp::socket& socket, const HttpRouter& router) {
  beast::flat_buffer buffer;
  for (;;) {
    HttpRequest request;
    if (!read_request(socket, buffer, request)) break;
    std::optional<HttpResponse> response = router(request, socket);
    if (!response) return;
    beast::error_code ec;
    http::write(socket, *response, ec);
    if (ec || response->need_eof()) break;
  }
  beast::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
}

HttpResponse make_response(const HttpRequest& request, http::status status, std::string body,
                           std::string_view content_type) {
  HttpResponse response(status, request.version());
  response.set(http::field::server, "berth-test-server");
  if (!body.empty()) {
    response.set(http::field::content_type,
                 beast::string_view(content_type.data(), content_type.size()));
  }
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

std::string_view target_path(const HttpRequest& request) {
  std::string_view target(request.target().data(), request.target().size());
  return target.substr(0, target.find('?'));
}

std::optional<std::string> query_parameter(const HttpRequest& request, std::string_view name) {
  std::string_view target(request.target().data(), request.target().size());
  std::size_t question = target.find('?');
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    std::string_view pair = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
    std::size_t equals = pair.find('=');
    if (pair.substr(0, equals) == name) {
      return std::string(equals == std::string_view::npos ? "" : pair.substr(equals + 1));
    }
  }
  return std::nullopt;
}

}  // namespace berth::test_server
