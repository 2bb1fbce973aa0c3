#pragma once
// CORS for browser-based MCP clients (the MCP Inspector, web apps on an allowed origin).
//
// RequestGuard decides whether an Origin is allowed; this file says what the answers carry:
// - every response to a request with an allowed Origin names that origin
//   (`Access-Control-Allow-Origin`, `Vary: Origin`) and exposes the MCP headers a script must
//   read (`Mcp-Session-Id`, `MCP-Protocol-Version`, `WWW-Authenticate`);
// - a preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered 204 with the
//   methods and request headers MCP clients use, cached by the browser for ten minutes. It is
//   answered before routing and without the bearer token: browsers send preflights without
//   credentials. The request headers are those of both protocol eras: the fixed list below
//   (2026-07-28's `Mcp-Method` and `Mcp-Name` among them) and every `Mcp-Param-{Name}` header
//   the preflight's Access-Control-Request-Headers names (a tool's `x-mcp-header` parameters: the
//   names are the server's, so they are echoed, at most kCorsMaxParamHeaders of them).
// No credentials mode (Allow-Credentials): the token travels in Authorization, which the
// preflight allows, not in cookies.
//
// Pure functions.

#include <string>
#include <string_view>

#include "proxy/http/http_types.h"

namespace berth::proxy::http {

inline constexpr std::string_view kCorsAllowMethods = "GET, POST, DELETE, OPTIONS";
inline constexpr std::string_view kCorsAllowHeaders =
    "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, "
    "Mcp-Method, Mcp-Name";
// The most Mcp-Param-* names one preflight answer echoes (a header line stays short).
inline constexpr size_t kCorsMaxParamHeaders = 32;
inline constexpr std::string_view kCorsExposeHeaders =
    "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate";
inline constexpr std::string_view kCorsMaxAge = "600";

// True for a CORS preflight: OPTIONS with an Origin and an Access-Control-Request-Method.
[[nodiscard]] bool is_preflight(const Request& request);

// 204 with the Allow-Methods/Allow-Headers/Max-Age headers for `preflight`; the session adds the
// origin ones.
[[nodiscard]] Response make_preflight_response(const Request& preflight);

// kCorsAllowHeaders, then the Mcp-Param-* names (case kept) of the comma-separated
// Access-Control-Request-Headers value `requested` that are HTTP tokens.
[[nodiscard]] std::string allowed_request_headers(std::string_view requested);

// Adds the headers every answer to an allowed `origin` carries (complete or streamed).
void add_cors_headers(beast_http::fields& head, std::string_view origin);

}  // namespace berth::proxy::http
