#include "proxy/backends/refused_requests.h"

#include "proxy/sessions/json_rpc.h"

namespace berth::proxy {

std::vector<std::string> request_ids(std::string_view message) {
  std::vector<std::string> ids;
  auto parsed = sessions::parse_message(message);
  if (!parsed) return ids;
  auto add = [&ids](const rapidjson::Value& value) {
    sessions::MessageShape shape = sessions::classify(value);
    if (shape.type == sessions::MessageType::kRequest) ids.push_back(std::move(shape.id));
  };
  if (parsed->IsArray()) {
    for (const auto& member : parsed->GetArray()) add(member);
  } else {
    add(*parsed);
  }
  return ids;
}

void refuse_request(McpClientCore& core, std::string_view id, std::string_view why) {
  auto answer =
      sessions::parse_message(sessions::error_response(id, sessions::kInternalError, why));
  if (answer) core.dispatch(std::move(answer).value());
}

void refuse_requests(McpClientCore& core, std::string_view message, std::string_view why) {
  for (const std::string& id : request_ids(message)) refuse_request(core, id, why);
}

}  // namespace berth::proxy
