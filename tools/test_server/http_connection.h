// Blocking HTTP/1.1 request loop shared by the Streamable HTTP and legacy SSE transports: reads
// requests off one connection, asks a router for each response and writes it, honouring
// keep-alive, until the peer closes, asks to close, or the router takes the socket over (an SSE
// stream). Runs on the connection's own thread; shares nothing between connections.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace berth::test_server {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Returns the response to write, or nullopt once it has taken over the socket for good.
using HttpRouter =
    std::function<std::optional<HttpResponse>(HttpRequest&, boost::asio::ip::tcp::socket&)>;

// Largest request body accepted (the 1 MiB echo tests fit with room to spare).
inline constexpr std::uint64_t kMaxRequestBody = 64ull * 1024 * 1024;

// Serves requests on socket until done; never throws.
void serve_http_connection(boost::asio::ip::tcp::socket& socket, const HttpRouter& router);

// A response to request with the given status; a body implies content_type.
[[nodiscard]] HttpResponse make_response(const HttpRequest& request,
                                         boost::beast::http::status status, std::string body = "",
                                         std::string_view content_type = "text/plain");

// The request target without its query string.
[[nodiscard]] std::string_view target_path(const HttpRequest& request);

// The value of `name` in the request target's query string, or nullopt. No %-decoding: the
// server only ever reads back the hex session ids it handed out.
[[nodiscard]] std::optional<std::string> query_parameter(const HttpRequest& request,
                                                         std::string_view name);

}  // namespace berth::test_server
