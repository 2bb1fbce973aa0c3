// JSON-RPC 2.0 framing for the test server: classifies one parsed message (request,
// notification, response or invalid) and renders answers as single-line JSON text. Ids travel
// as their JSON text so an answer can be rendered long after the parsed document is gone.
// Free functions over values; safe to call from any thread.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace berth::test_server {

inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;

enum class MessageKind { kRequest, kNotification, kResponse, kInvalid };

// The JSON-RPC envelope of one message, checked but not yet dispatched.
struct Envelope {
  MessageKind kind = MessageKind::kInvalid;
  std::string id_json = "null";  // the request id as JSON text ("7", "\"a\"").
  std::string method;            // requests and notifications.
  std::string error_reply;       // kInvalid: the error response to send back.
};

// Checks the envelope of a parsed message (an object with jsonrpc "2.0").
[[nodiscard]] Envelope classify_message(const rapidjson::Value& message);

// Renders any JSON value as compact single-line text.
[[nodiscard]] std::string to_json(const rapidjson::Value& value);

// `{"jsonrpc":"2.0","id":<id_json>,"result":<result_json>}`; both arguments are JSON text.
[[nodiscard]] std::string render_result(std::string_view id_json, std::string_view result_json);

// `{"jsonrpc":"2.0","id":<id_json>,"error":{"code":code,"message":message}}`.
[[nodiscard]] std::string render_error(std::string_view id_json, int code,
                                       std::string_view message);

}  // namespace berth::test_server
