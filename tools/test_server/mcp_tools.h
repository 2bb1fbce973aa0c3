// The tools the test server offers over MCP: `echo` returns its text, `sleep` blocks for a
// number of milliseconds (to test concurrency and timeouts), `crash` ends the process with an
// exit code (to test restarts), `getenv` and `read_file` show what the process sees (to test how
// berth hands it secrets). Stateless free functions; safe from any thread.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>

namespace berth::test_server {

enum class ToolName { kEcho, kSleep, kCrash, kGetenv, kReadFile };

// A validated tools/call.
struct ToolCall {
  ToolName tool = ToolName::kEcho;
  std::string text;         // echo: the text; getenv: the name; read_file: the path
  std::int64_t number = 0;  // sleep: milliseconds; crash: exit code.
};

struct ParsedToolCall {
  ToolCall call;
  std::string error;  // non-empty: the message of a -32602 Invalid params error.
  [[nodiscard]] bool ok() const { return error.empty(); }
};

// Longest `sleep` accepted, so a typo cannot park a worker thread for days.
inline constexpr std::int64_t kMaxSleepMs = 10 * 60 * 1000;

// Validates the params of a tools/call (`{"name": ..., "arguments": {...}}`); null if absent.
[[nodiscard]] ParsedToolCall parse_tool_call(const rapidjson::Value* params);

// The JSON text of the tools/list result: `{"tools":[...]}` with an input schema per tool.
[[nodiscard]] std::string tool_list_json();

// Runs a call and returns the JSON text of its CallToolResult. `sleep` blocks the calling thread;
// `crash` never returns (the process exits with the requested code at once).
[[nodiscard]] std::string run_tool(const ToolCall& call);

// "echo", "sleep", "crash", "getenv" or "read_file".
[[nodiscard]] const char* tool_name(ToolName tool);

}  // namespace berth::test_server
