#pragma once
// The answers berth gives an MCP client in place of a backend's: a JSON-RPC error with id null
// (berth does not read the client's message to learn its id) and code -32603, carried by an HTTP
// status a client or gateway in front can act on (502 unreachable, 504 no answer in time).
// Pure functions; safe on any thread.

#include <string>
#include <string_view>

#include "proxy/http/http_types.h"

namespace berth::proxy::front {

inline constexpr int kJsonRpcInternalError = -32603;

// `{"jsonrpc":"2.0","id":null,"error":{"code":<code>,"message":"<message>"}}`
[[nodiscard]] std::string json_rpc_error(int code, std::string_view message);

// A complete JSON answer (Cache-Control: no-store) with that body and that HTTP status.
[[nodiscard]] http::Response make_json_rpc_error(http::HttpStatus status, int code,
                                                 std::string_view message);

// make_json_rpc_error with code -32603.
[[nodiscard]] http::Response make_gateway_error(http::HttpStatus status, std::string_view message);

}  // namespace berth::proxy::front
