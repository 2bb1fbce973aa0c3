#include "proxy/front/unanswered_requests.h"

#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::front {

namespace {

void add_request(const rapidjson::Value& message, std::set<std::string>& ids) {
  const mcp::MessageShape shape = mcp::classify(message);
  if (shape.type == mcp::MessageType::kRequest) ids.insert(shape.id);
}

}  // namespace

UnansweredRequests::UnansweredRequests(std::string_view post_body) {
  // The front checked the body's limits before forwarding it; parse_json bounds it again.
  auto body = mcp::parse_json(post_body);
  if (!body) return;
  if (body->IsArray()) {
    for (const auto& message : body->GetArray()) add_request(message, ids_);
  } else {
    add_request(*body, ids_);
  }
}

void UnansweredRequests::watch(std::string_view bytes) {
  if (!watching_ || ids_.empty()) return;
  watching_ = events_.feed(bytes, [this](const mcp::SseEvent& event) { on_event(event); });
}

void UnansweredRequests::on_event(const mcp::SseEvent& event) {
  if (event.event != "message") return;
  auto message = mcp::parse_message(event.data);
  if (!message) return;
  const mcp::MessageShape shape = mcp::classify(*message);
  if (shape.type == mcp::MessageType::kResponse) ids_.erase(shape.id);
}

std::string UnansweredRequests::error_events(std::string_view message) const {
  std::string events;
  for (const std::string& id : ids_) {
    events.append("event: message\ndata: ")
        .append(mcp::error_response(id, mcp::kInternalError, message))
        .append("\n\n");
  }
  return events;
}

}  // namespace berth::proxy::front
