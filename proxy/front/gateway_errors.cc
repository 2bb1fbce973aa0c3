#include "proxy/front/gateway_errors.h"

#include "proxy/http/responses.h"
#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::front {
namespace {

void add_request(const rapidjson::Value& message, RequestIds& requests) {
  const mcp::MessageShape shape = mcp::classify(message);
  if (shape.type == mcp::MessageType::kRequest) requests.ids.push_back(shape.id);
}

}  // namespace

RequestIds request_ids_of(std::string_view body) {
  RequestIds requests;
  if (body.empty()) return requests;
  auto parsed = mcp::parse_json(body);  // bounded: depth and size limits
  if (!parsed) return requests;
  if (parsed->IsArray()) {
    requests.batch = true;
    for (const auto& message : parsed->GetArray()) add_request(message, requests);
  } else {
    add_request(*parsed, requests);
  }
  return requests;
}

std::string json_rpc_error(int code, std::string_view message) {
  return mcp::error_response("null", code, message);
}

std::string json_rpc_error(const RequestIds& requests, int code, std::string_view message) {
  if (requests.ids.empty()) return json_rpc_error(code, message);
  if (!requests.batch) return mcp::error_response(requests.ids.front(), code, message);
  std::string errors = "[";
  for (const std::string& id : requests.ids) {
    if (errors.size() > 1) errors += ',';
    errors += mcp::error_response(id, code, message);
  }
  return errors + "]";
}

http::Response make_json_rpc_error(http::HttpStatus status, int code, std::string_view message) {
  return http::make_json_response(status, json_rpc_error(code, message));
}

http::Response make_json_rpc_error(http::HttpStatus status, const RequestIds& requests, int code,
                                   std::string_view message) {
  return http::make_json_response(status, json_rpc_error(requests, code, message));
}

http::Response make_gateway_error(http::HttpStatus status, std::string_view message) {
  return make_json_rpc_error(status, kJsonRpcInternalError, message);
}

http::Response make_gateway_error(http::HttpStatus status, const RequestIds& requests,
                                  std::string_view message) {
  return make_json_rpc_error(status, requests, kJsonRpcInternalError, message);
}

}  // namespace berth::proxy::front
