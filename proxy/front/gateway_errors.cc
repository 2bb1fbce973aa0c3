#include "proxy/front/gateway_errors.h"

#include "proxy/http/responses.h"
#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::front {

std::string json_rpc_error(int code, std::string_view message) {
  return mcp::error_response("null", code, message);
}

http::Response make_json_rpc_error(http::HttpStatus status, int code, std::string_view message) {
  return http::make_json_response(status, json_rpc_error(code, message));
}

http::Response make_gateway_error(http::HttpStatus status, std::string_view message) {
  return make_json_rpc_error(status, kJsonRpcInternalError, message);
}

}  // namespace berth::proxy::front
