#pragma once
// read_server_message: the one way a channel reads what a server sent as JSON-RPC (a stdout line,
// an SSE `message` event, an HTTP answer), within berth's JSON limits
// (proxy/sessions/bounded_json.h). A misbehaving server can neither crash berth nor leave a
// client waiting:
// - text that is not JSON, or JSON that is not an object (or, where a batch may come, an
//   array), is skipped with a warning quoting its first 200 bytes;
// - a message nested deeper than kMaxJsonDepth is dropped with a warning (its size, not its
//   text); if it carries the id of a response (leading_response_id), that request is
//   answered through `core` with JSON-RPC error -32603 instead, as if the server had sent it, so
//   its caller (a client session, or berth itself) does not wait for an answer that never comes.
//
// Runs on the channel's thread (refusing calls the core's handlers); not thread-safe.

#include <rapidjson/document.h>

#include <optional>
#include <string_view>

#include "proxy/mcp/mcp_client_core.h"

namespace berth::proxy::mcp {

enum class ServerMessageShape { kMessage, kMessageOrBatch };

// The message (or batch) `json` holds, or nullopt when it was skipped or refused as above.
[[nodiscard]] std::optional<rapidjson::Document> read_server_message(
    McpClientCore& core, std::string_view json,
    ServerMessageShape shape = ServerMessageShape::kMessage);

}  // namespace berth::proxy::mcp
