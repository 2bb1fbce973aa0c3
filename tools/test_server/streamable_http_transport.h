// StreamableHttpTransport serves MCP's Streamable HTTP transport (spec 2025-03-26 and later) on
// one path (default /mcp), always answering in plain JSON, never opening an SSE stream:
//   POST request                  -> 200 application/json with the answer
//   POST notification or response -> 202, no body
//   POST unparseable or invalid   -> 400 with the JSON-RPC error
//   GET -> 405 (no server-initiated stream); DELETE -> 200 (nothing to tear down);
//   any other path -> 404.
// The initialize answer carries a fresh Mcp-Session-Id; later requests may send it back or not:
// the server keeps no session state. Thread safety: route() is const and called concurrently
// from every connection thread.
#pragma once

#include <optional>
#include <string>

#include "tools/test_server/http_connection.h"
#include "tools/test_server/mcp_handler.h"

namespace berth::test_server {

class StreamableHttpTransport {
 public:
  StreamableHttpTransport(const McpHandler& handler, std::string path)
      : handler_(handler), path_(std::move(path)) {}

  // Answers one request (an HttpRouter for serve_http_connection).
  [[nodiscard]] HttpResponse route(const HttpRequest& request) const;

 private:
  [[nodiscard]] HttpResponse handle_post(const HttpRequest& request) const;

  const McpHandler& handler_;
  const std::string path_;
};

}  // namespace berth::test_server
