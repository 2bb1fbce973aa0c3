#pragma once
// The header policy of berth's reverse proxy to Streamable HTTP backends, as pure functions.
//
// Upstream, a client's request keeps its method, body and end-to-end headers (Content-Type,
// Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, …), goes to the route's path with
// the client's query string, and loses what must not reach a backend: Authorization (berth's own
// bearer token), Cookie, Origin, Proxy-*, Host (LocalHttpExchange sets 127.0.0.1:<port>),
// Content-Length and Expect (recomputed, and answered by berth), and every hop-by-hop header
// (Connection, Keep-Alive, TE, Trailer, Transfer-Encoding, Upgrade, and those Connection names);
// it is HTTP/1.1 keep-alive (whether its connection is reused is LocalHttpExchange's business).
// Downstream, a backend's status and end-to-end headers (Content-Type, Mcp-Session-Id,
// Cache-Control, Retry-After, …) reach the client without hop-by-hop headers, Proxy-*,
// Content-Length (berth sets its own: a small body is passed whole, a large one re-chunked) and
// Set-Cookie (all backends share berth's origin).
// No state; safe on any thread.

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <string_view>

#include "proxy/http/http_types.h"

namespace berth::proxy::front {

using UpstreamRequest = boost::beast::http::request<boost::beast::http::string_body>;
using UpstreamHead = boost::beast::http::response_header<>;

// The request for the backend: `path` (the route's HTTP path) plus the client's query string.
[[nodiscard]] UpstreamRequest upstream_request(const http::Request& client, std::string_view path);

// `path` with the query string of `client_target` appended.
[[nodiscard]] std::string upstream_target(std::string_view path, std::string_view client_target);

// Copies the backend's end-to-end response headers into `to`.
void copy_response_fields(const UpstreamHead& from, boost::beast::http::fields& to);

// Hop-by-hop in the fixed sense of RFC 9110 §7.6.1 (not counting names listed in Connection).
[[nodiscard]] bool is_hop_by_hop(std::string_view name);

}  // namespace berth::proxy::front
