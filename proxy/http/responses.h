#pragma once
// Builders for the answers handlers give: JSON (always `Cache-Control: no-store`), JSON errors
// (`{"error":"…"}`), plain text, and the head of a streamed response. The session fills in the
// HTTP version, Content-Length and keep-alive when it sends them. Pure functions.

#include <string>
#include <string_view>

#include "proxy/http/http_types.h"
#include "proxy/http/rejection.h"

namespace berth::proxy::http {

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kTextType = "text/plain; charset=utf-8";
inline constexpr std::string_view kHtmlType = "text/html; charset=utf-8";
inline constexpr std::string_view kEventStreamType = "text/event-stream";

[[nodiscard]] Response make_json_response(HttpStatus status, std::string body);
[[nodiscard]] Response make_error_response(HttpStatus status, std::string_view message);
// A JSON error for a request the guard refused, with its WWW-Authenticate challenge if any.
[[nodiscard]] Response make_rejection_response(const Rejection& rejection);
[[nodiscard]] Response make_text_response(HttpStatus status, std::string body,
                                          std::string_view content_type = kTextType);

// The head of a streamed response (`kEventStreamType` for SSE): no-store, no buffering hints.
[[nodiscard]] StreamHead make_stream_head(HttpStatus status, std::string_view content_type);

}  // namespace berth::proxy::http
