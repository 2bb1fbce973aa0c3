#include "tools/test_server/server_options.h"

#include <charconv>
#include <string_view>

namespace berth::test_server {
namespace {

std::optional<std::uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::optional<TransportMode> parse_mode(std::string_view text) {
  if (text == "stdio") return TransportMode::kStdio;
  if (text == "http") return TransportMode::kHttp;
  if (text == "sse") return TransportMode::kSse;
  return std::nullopt;
}

// Applies one `--flag value` pair; returns an error message or "".
std::string apply_flag(std::string_view flag, const std::string& value, ServerOptions& options) {
  if (flag == "--port") {
    auto port = parse_port(value);
    if (!port) return "invalid --port '" + value + "': expected 0..65535";
    options.port = *port;
  } else if (flag == "--host") {
    if (value.empty()) return "--host needs an address";
    options.host = value;
  } else if (flag == "--path") {
    if (value.empty() || value.front() != '/') return "--path must start with '/'";
    options.path = value;
  } else if (flag == "--banner") {
    options.banner = value;
  } else {
    return "unknown option '" + std::string(flag) + "'";
  }
  return "";
}

}  // namespace

Result<ServerOptions> parse_server_options(const std::vector<std::string>& args) {
  ServerOptions options;
  bool mode_seen = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.show_help = true;
    } else if (arg == "--quiet") {
      options.quiet = true;
    } else if (arg.starts_with("--")) {
      if (i + 1 >= args.size()) return Error{arg + " needs a value"};
      if (std::string error = apply_flag(arg, args[++i], options); !error.empty()) {
        return Error{error};
      }
    } else if (auto mode = parse_mode(arg); mode && !mode_seen) {
      options.mode = *mode;
      mode_seen = true;
    } else {
      return Error{"unexpected argument '" + arg + "'"};
    }
  }
  if (options.path.empty()) options.path = options.mode == TransportMode::kSse ? "/sse" : "/mcp";
  return options;
}

std::string usage_text() {
  return "usage: berth-test-server [stdio|http|sse] [--port N] [--host ADDR] [--path P]"
         " [--banner TEXT] [--quiet]\n"
         "  stdio     newline-delimited JSON-RPC on stdin/stdout (default)\n"
         "  http      MCP Streamable HTTP: POST/DELETE on --path (default /mcp)\n"
         "  sse       legacy HTTP+SSE: GET --path (default /sse), POST /messages?sessionId=ID\n"
         "  --host    numeric listen address or 'localhost' (default 0.0.0.0)\n"
         "  --port    listen port (default 3001; 0 = ephemeral, see 'listening port=N' on stderr)\n"
         "  --banner  write TEXT as a non-JSON line to stdout before anything else\n"
         "  --quiet   do not log 'call tool=NAME' on stderr for each tool call\n";
}

}  // namespace berth::test_server
