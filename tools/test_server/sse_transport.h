// SseTransport serves MCP's legacy HTTP+SSE transport (protocol 2024-11-05):
//   GET <path> (default /sse)          -> text/event-stream (chunked); the first event is
//                                         `endpoint` with data `/messages?sessionId=<id>`
//   POST /messages?sessionId=<id>      -> 202 Accepted; the answer to a request follows on that
//                                         session's stream as `event: message`
//   POST with no sessionId -> 400; unknown session -> 404; unparseable message -> 400 with the
//   JSON-RPC error; any other path -> 404.
// A session lives as long as its GET stream; idle streams get a `: keepalive` comment every
// 15 s, which is also how a vanished client is noticed. Thread safety: route() is called
// concurrently from every connection thread; sessions and workers are synchronised.
#pragma once

#include <optional>
#include <string>

#include "tools/test_server/http_connection.h"
#include "tools/test_server/mcp_handler.h"
#include "tools/test_server/sse_session.h"
#include "tools/test_server/worker_group.h"

namespace berth::test_server {

class SseTransport {
 public:
  SseTransport(const McpHandler& handler, std::string path)
      : handler_(handler), path_(std::move(path)) {}

  // An HttpRouter for serve_http_connection: a GET on the stream path keeps the socket.
  [[nodiscard]] std::optional<HttpResponse> route(const HttpRequest& request,
                                                  boost::asio::ip::tcp::socket& socket);

 private:
  // Streams one session's events until the client goes away.
  void stream(const HttpRequest& request, boost::asio::ip::tcp::socket& socket);
  [[nodiscard]] HttpResponse handle_post(const HttpRequest& request);

  const McpHandler& handler_;
  const std::string path_;
  SseSessionRegistry sessions_;
  WorkerGroup workers_;  // slow calls, so a `sleep` does not hold up the POST connection.
};

}  // namespace berth::test_server
