#pragma once
// The answers berth gives an MCP client in place of a backend's: a JSON-RPC error with code
// -32603 (or the code given), carried by an HTTP status a client or gateway in front can act on
// (502 unreachable, 503 not ready or no room, 504 no answer in time).
//
// The error echoes the id of the request it answers whenever berth could read it (RequestIds):
// one error with that id for a single request, an array of errors, one per request, for a batch,
// and id null only when berth read no request (a body that is not JSON, notifications only, a
// GET). Pure functions; safe on any thread.

#include <string>
#include <string_view>
#include <vector>

#include "proxy/http/http_types.h"

namespace berth::proxy::front {

inline constexpr int kJsonRpcInternalError = -32603;

// The requests a client's message or batch carries: their raw JSON ids, in order.
struct RequestIds {
  std::vector<std::string> ids;
  bool batch = false;
};

// The ids of the requests in a POST body (none if it is not a JSON-RPC message or batch).
[[nodiscard]] RequestIds request_ids_of(std::string_view body);

// `{"jsonrpc":"2.0","id":null,"error":{"code":<code>,"message":"<message>"}}`
[[nodiscard]] std::string json_rpc_error(int code, std::string_view message);
// The same error answering `requests` (see above).
[[nodiscard]] std::string json_rpc_error(const RequestIds& requests, int code,
                                         std::string_view message);

// A complete JSON answer (Cache-Control: no-store) with that body and that HTTP status.
[[nodiscard]] http::Response make_json_rpc_error(http::HttpStatus status, int code,
                                                 std::string_view message);
[[nodiscard]] http::Response make_json_rpc_error(http::HttpStatus status,
                                                 const RequestIds& requests, int code,
                                                 std::string_view message);

// make_json_rpc_error with code -32603.
[[nodiscard]] http::Response make_gateway_error(http::HttpStatus status, std::string_view message);
[[nodiscard]] http::Response make_gateway_error(http::HttpStatus status, const RequestIds& requests,
                                                std::string_view message);

}  // namespace berth::proxy::front
