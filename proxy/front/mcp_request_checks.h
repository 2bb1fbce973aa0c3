#pragma once
// The checks the Streamable HTTP transport asks of a client's request to /mcp/{name}, before any
// backend sees it, and the parsed messages of a POST:
// - POST: Content-Type application/json (else 415), Accept naming both application/json and
//   text/event-stream (else 406), a body of one JSON-RPC message or a batch array (else 400 with
//   JSON-RPC error -32700 / -32600);
// - GET: Accept naming text/event-stream (else 406);
// - every request but an initialize: an MCP-Protocol-Version header, when present, naming a
//   revision berth speaks (else 400).
// Pure functions; thread-safe.

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "proxy/front/gateway_errors.h"
#include "proxy/http/http_types.h"

namespace berth::proxy::front {

// A POST body, checked: its messages in order, and what kinds they are.
struct McpPost {
  std::vector<rapidjson::Document> messages;
  bool batch = false;
  bool initialize = false;  // an `initialize` request is among them
  int requests = 0;         // messages with a method and an id
};

// The parsed POST, or the response that refuses it.
[[nodiscard]] std::variant<McpPost, http::Response> read_mcp_post(const http::Request& request);
// The same for a POST of the legacy HTTP+SSE transport, whose clients send no Accept header:
// Content-Type and body only.
[[nodiscard]] std::variant<McpPost, http::Response> read_legacy_post(const http::Request& request);
// The response that refuses a GET (SSE stream) request, if it must be refused.
[[nodiscard]] std::optional<http::Response> check_mcp_get(const http::Request& request);
// The response that refuses an unsupported MCP-Protocol-Version, if present and unsupported.
[[nodiscard]] std::optional<http::Response> check_protocol_version(const http::Request& request);

// The Mcp-Session-Id header of a request, "" if absent.
[[nodiscard]] std::string session_id_of(const http::Request& request);

}  // namespace berth::proxy::front
