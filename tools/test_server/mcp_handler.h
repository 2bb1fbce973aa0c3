// McpHandler answers the MCP messages of one server process, whatever the transport: it parses a
// JSON-RPC message, validates it and produces the answer text. Calls that take time (the `sleep`
// tool) come back as a job for the transport to run off its reading thread, so a slow call never
// holds up the messages behind it. The handler keeps no per-session state: every method is const
// and safe to call from many threads at once.
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "tools/test_server/json_rpc.h"

namespace berth::test_server {

// Protocol versions the server speaks; it answers a request for any other with the newest.
inline constexpr const char* kSupportedProtocolVersions[] = {"2025-03-26", "2025-06-18",
                                                             "2025-11-25"};
inline constexpr const char* kNewestProtocolVersion = "2025-11-25";
inline constexpr const char* kServerName = "berth-test-server";
inline constexpr const char* kServerVersion = "1.0.0";

// What to do with one incoming message.
struct Dispatch {
  MessageKind kind = MessageKind::kInvalid;
  std::string method;  // requests and notifications; transports key on "initialize".
  // The answer to send now: set for kInvalid, and for kRequest unless slow_job is set.
  // Empty for notifications and responses, which are never answered.
  std::string reply;
  // Set for a request whose answer takes time: run it on a worker; it returns the answer.
  std::function<std::string()> slow_job;
};

class McpHandler {
 public:
  // call_log receives one diagnostic line per tool call ("call tool=echo"); nullptr = quiet.
  explicit McpHandler(std::FILE* call_log) : call_log_(call_log) {}

  // Parses and dispatches one message. JSON arrays (batches) are rejected with -32600: MCP
  // 2025-06-18 dropped batching, and no client under test sends them.
  [[nodiscard]] Dispatch dispatch(std::string_view text) const;

  // dispatch(), running any slow job on the calling thread; nullopt when no answer is due.
  [[nodiscard]] std::optional<std::string> handle(std::string_view text) const;

 private:
  [[nodiscard]] Dispatch dispatch_request(const Envelope& envelope,
                                          const rapidjson::Value* params) const;
  [[nodiscard]] std::string answer_tool_call(const std::string& id_json,
                                             const rapidjson::Value* params,
                                             std::function<std::string()>& slow_job) const;

  std::FILE* call_log_;  // not owned.
};

}  // namespace berth::test_server
