// berth-test-server: a small, dependency-free MCP server used by berth's tests and benchmarks.
// It speaks stdio, Streamable HTTP or legacy HTTP+SSE and offers three tools (echo, sleep,
// crash). Statically linked so it runs in a FROM scratch image; see usage_text().
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "tools/test_server/http_connection.h"
#include "tools/test_server/mcp_handler.h"
#include "tools/test_server/server_options.h"
#include "tools/test_server/sse_transport.h"
#include "tools/test_server/stdio_transport.h"
#include "tools/test_server/streamable_http_transport.h"
#include "tools/test_server/tcp_listener.h"
#include "tools/test_server/termination_signals.h"

namespace berth::test_server {
namespace {

[[noreturn]] void serve_sse(TcpListener& listener, const McpHandler& handler,
                            const std::string& path) {
  SseTransport transport(handler, path);
  listener.serve([&transport](TcpListener::Socket socket) {
    serve_http_connection(socket,
                          [&transport](HttpRequest& request, TcpListener::Socket& connection) {
                            return transport.route(request, connection);
                          });
  });
}

[[noreturn]] void serve_streamable_http(TcpListener& listener, const McpHandler& handler,
                                        const std::string& path) {
  StreamableHttpTransport transport(handler, path);
  listener.serve([&transport](TcpListener::Socket socket) {
    serve_http_connection(socket, [&transport](HttpRequest& request, TcpListener::Socket&) {
      return std::optional(transport.route(request));
    });
  });
}

// Listens and serves until a signal ends the process; returns only if it cannot listen.
int serve_http(const ServerOptions& options, const McpHandler& handler) {
  TcpListener listener;
  if (Status listening = listener.open(options.host, options.port); !listening.ok()) {
    std::fprintf(stderr, "berth-test-server: %s\n", listening.error().c_str());
    return 1;
  }
  if (options.mode == TransportMode::kSse) serve_sse(listener, handler, options.path);
  serve_streamable_http(listener, handler, options.path);
}

int run(const std::vector<std::string>& args) {
  Result<ServerOptions> parsed = parse_server_options(args);
  if (!parsed.ok()) {
    std::fprintf(stderr, "berth-test-server: %s\n%s", parsed.error().c_str(), usage_text().c_str());
    return 2;
  }
  const ServerOptions& options = parsed.value();
  if (options.show_help) {
    std::fputs(usage_text().c_str(), stdout);
    return 0;
  }
  exit_on_termination_signals();
  if (options.banner) {
    std::fprintf(stdout, "%s\n", options.banner->c_str());
    std::fflush(stdout);
  }
  McpHandler handler(options.quiet ? nullptr : stderr);
  if (options.mode == TransportMode::kStdio) return StdioTransport(handler).run();
  return serve_http(options, handler);
}

}  // namespace
}  // namespace berth::test_server

int main(int argc, char** argv) {
  return berth::test_server::run(std::vector<std::string>(argv + 1, argv + argc));
}
