#include "proxy/front/gateway_errors.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "proxy/http/responses.h"

namespace berth::proxy::front {

std::string json_rpc_error(int code, std::string_view message) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("jsonrpc");
  writer.String("2.0");
  writer.Key("id");
  writer.Null();
  writer.Key("error");
  writer.StartObject();
  writer.Key("code");
  writer.Int(code);
  writer.Key("message");
  writer.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  writer.EndObject();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

http::Response make_gateway_error(http::HttpStatus status, std::string_view message) {
  return http::make_json_response(status, json_rpc_error(kJsonRpcInternalError, message));
}

}  // namespace berth::proxy::front
