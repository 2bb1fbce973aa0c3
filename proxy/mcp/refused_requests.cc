#include "proxy/mcp/refused_requests.h"

#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::mcp {

std::vector<std::string> request_ids(std::string_view message) {
  std::vector<std::string> ids;
  auto parsed = mcp::parse_message(message);
  if (!parsed) return ids;
  auto add = [&ids](const rapidjson::Value& value) {
    mcp::MessageShape shape = mcp::classify(value);
    if (shape.type == mcp::MessageType::kRequest) ids.push_back(std::move(shape.id));
  };
  if (parsed->IsArray()) {
    for (const auto& member : parsed->GetArray()) add(member);
  } else {
    add(*parsed);
  }
  return ids;
}

void refuse_request(mcp::McpClientCore& core, std::string_view id, std::string_view why) {
  auto answer = mcp::parse_message(mcp::error_response(id, mcp::kInternalError, why));
  if (answer) core.dispatch(std::move(answer).value());
}

void refuse_requests(mcp::McpClientCore& core, std::string_view message, std::string_view why) {
  for (const std::string& id : request_ids(message)) refuse_request(core, id, why);
}

}  // namespace berth::proxy::mcp
