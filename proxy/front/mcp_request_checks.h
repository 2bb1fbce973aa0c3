#pragma once
// The checks the Streamable HTTP transport asks of a client's request to /mcp/{name}, before any
// backend sees it, and the parsed messages of a POST:
// - POST: Content-Type application/json (else 415), Accept naming both application/json and
//   text/event-stream (else 406), a body of one JSON-RPC message or a batch array (else 400 with
//   JSON-RPC error -32700 / -32600), within berth's JSON limits: nested at most kMaxJsonDepth
//   levels (bounded_json.h) and a batch of at most kMaxBatchItems messages (else 400, -32600);
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

// The most messages one POSTed batch may hold. MCP 2025-06-18 dropped JSON-RPC batches and
// clients of 2025-03-26 batch a handful at most; the cap bounds what one request makes berth
// hold (each message is a document, a request in flight and an answer), where 9,500 messages of
// one 1 MiB body used to take ~80 MB.
inline constexpr size_t kMaxBatchItems = 100;

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
// For a body berth passes on as it is (a streamable-http server's POST): the response that
// refuses it if it breaks berth's JSON limits (depth, batch size). Anything else, not JSON
// included, is the server's to judge.
[[nodiscard]] std::optional<http::Response> check_json_limits(const http::Request& request);
// The response that refuses an unsupported MCP-Protocol-Version, if present and unsupported.
[[nodiscard]] std::optional<http::Response> check_protocol_version(const http::Request& request);

// The ids of the post's requests, for the errors that answer it.
[[nodiscard]] RequestIds request_ids_of(const McpPost& post);

// The Mcp-Session-Id header of a request, "" if absent.
[[nodiscard]] std::string session_id_of(const http::Request& request);

}  // namespace berth::proxy::front
