#pragma once
// JSON-RPC 2.0 helpers for the session multiplexer: telling requests, notifications and responses
// apart, reading members without throwing or asserting, keeping ids in their raw JSON form, and
// writing compact one-line messages. Pure functions over RapidJSON values; thread-safe.
//
// Raw ids: an id is kept as its compact JSON text (`7`, `"abc"`) so it can be written back exactly
// as the client sent it. Valid request ids are strings and integers (JSON-RPC allows numbers
// without fractions; MCP says string or integer); integers that fit in 64 bits round-trip exactly.

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace berth::proxy::mcp {

// JSON-RPC error codes berth uses.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
// An implementation-defined server error (JSON-RPC reserves -32000..-32099 for them): a limit of
// berth's per client session was reached (requests in flight, subscriptions, a batch's answer).
inline constexpr int kLimitExceeded = -32000;

enum class MessageType { kRequest, kNotification, kResponse, kInvalid };

struct MessageShape {
  MessageType type = MessageType::kInvalid;
  std::string_view method;  // requests and notifications; points into the message
  std::string id;           // raw JSON of a valid id (requests, responses), else empty
  std::string problem;      // why the message is kInvalid
};

// What `message` is. A request needs a string `method` and a string or integer `id`; a response
// an `id` and a `result` or `error`; every message an object with `"jsonrpc":"2.0"`.
MessageShape classify(const rapidjson::Value& message);

// True for a string or a 64-bit integer.
bool is_valid_id(const rapidjson::Value& id);

// Parses one JSON-RPC message within berth's JSON limits (bounded_json.h): the error's code is
// kParseError for text that is not JSON (naming the offset), kInvalidRequest for JSON nested
// deeper than kMaxJsonDepth.
Result<rapidjson::Document> parse_message(std::string_view json);

// Compact JSON text of `value`.
std::string to_json(const rapidjson::Value& value);

// JSON string literal for `text` (quoted and escaped).
std::string quote(std::string_view text);

// The member `name` of `object`, or null when `object` is not an object or lacks it.
const rapidjson::Value* member(const rapidjson::Value& object, std::string_view name);
rapidjson::Value* member(rapidjson::Value& object, std::string_view name);
// The string member `name`, if it is there and a string.
std::optional<std::string_view> string_member(const rapidjson::Value& object,
                                              std::string_view name);
// `params._meta.progressToken`, or null.
rapidjson::Value* progress_token(rapidjson::Value& message);

// Replaces (or adds) member `name` of `object`, a value inside `message`, with the value of the
// raw JSON `raw`. REQUIRES: `object` is an object and `raw` valid JSON (a raw id kept earlier).
void set_raw_member(rapidjson::Document& message, rapidjson::Value& object, std::string_view name,
                    std::string_view raw);
// The same for a member of `message` itself.
inline void set_raw_member(rapidjson::Document& message, std::string_view name,
                           std::string_view raw) {
  set_raw_member(message, message, name, raw);
}
// Replaces `value` with the string `text`, allocated in `message`.
void set_string(rapidjson::Document& message, rapidjson::Value& value, std::string_view text);

// `{"jsonrpc":"2.0","id":<id>,"result":<result>}`; `id` and `result` are raw JSON.
std::string result_response(std::string_view id, std::string_view result);
// `{"jsonrpc":"2.0","id":<id>,"error":{"code":…,"message":…}}`; `id` raw JSON ("null" if none).
std::string error_response(std::string_view id, int code, std::string_view message);
// The same with the error's `data`, raw JSON.
std::string error_response(std::string_view id, int code, std::string_view message,
                           std::string_view data);
// `{"jsonrpc":"2.0","id":<id>,"method":…,"params":<params>}`; `params` raw JSON.
std::string request_json(std::string_view id, std::string_view method, std::string_view params);
// `{"jsonrpc":"2.0","method":…,"params":<params>}`; `params` raw JSON, or empty for none.
std::string notification_json(std::string_view method, std::string_view params);

}  // namespace berth::proxy::mcp
