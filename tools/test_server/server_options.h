// ServerOptions is the parsed command line of berth-test-server: which MCP transport to run and
// where it listens. parse_server_options() never throws; a bad command line comes back as an
// error message for the user. Plain values, safe to copy between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace berth::test_server {

enum class TransportMode { kStdio, kHttp, kSse };

struct ServerOptions {
  TransportMode mode = TransportMode::kStdio;
  std::string host = "0.0.0.0";  // inside a container the server must be reachable via -p.
  std::uint16_t port = 3001;     // 0 asks the kernel for an ephemeral port.
  std::string path;              // empty until parsed: "/mcp" for http, "/sse" for sse.
  std::optional<std::string> banner;
  bool quiet = false;  // no "call tool=..." line on stderr per call (benchmarks).
  bool show_help = false;
};

// Parses argv[1..]:
// `[stdio|http|sse] [--port N] [--host ADDR] [--path P] [--banner TEXT] [--quiet]`.
[[nodiscard]] Result<ServerOptions> parse_server_options(const std::vector<std::string>& args);

// The usage text printed for --help and after a command-line error.
[[nodiscard]] std::string usage_text();

}  // namespace berth::test_server
