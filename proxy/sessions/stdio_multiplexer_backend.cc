// StdioMultiplexer: the messages the backend sends, the backend's lifecycle, and the upstream
// state berth keeps for all sessions (subscriptions, log level). Sessions and client messages are
// in stdio_multiplexer.cc.
#include <utility>
#include <vector>

#include "proxy/sessions/stdio_multiplexer.h"

namespace berth::proxy::sessions {
namespace {

constexpr std::array<std::string_view, 3> kListKinds = {"tools", "prompts", "resources"};

// The client capability a server-to-client request needs, or empty if none.
std::string_view required_capability(std::string_view method) {
  if (method == "sampling/createMessage") return "sampling";
  if (method == "elicitation/create") return "elicitation";
  if (method == "roots/list") return "roots";
  return "";
}

}  // namespace

Outcome StdioMultiplexer::from_backend(std::string_view json) {
  auto message = parse_message(json);
  if (!message) return {Disposition::kDropped, "from the server: " + message.error()};
  return from_backend(std::move(message).value());
}

Outcome StdioMultiplexer::from_backend(rapidjson::Document message) {
  const MessageShape shape = classify(message);
  switch (shape.type) {
    case MessageType::kResponse:
      return on_backend_response(message, shape);
    case MessageType::kRequest:
      return on_backend_request(message, shape);
    case MessageType::kNotification:
      return on_backend_notification(message, shape.method);
    case MessageType::kInvalid:
      break;
  }
  return {Disposition::kDropped, "malformed message from the server: " + shape.problem};
}

Outcome StdioMultiplexer::on_backend_response(rapidjson::Document& message,
                                              const MessageShape& shape) {
  const auto id = string_member(message, "id");
  if (id) {
    if (const auto own = own_requests_.find(*id); own != own_requests_.end()) {
      own_requests_.erase(own);
      const bool failed = member(message, "error") != nullptr;
      return {Disposition::kSwallowed, failed ? "berth's request failed: " + to_json(message) : ""};
    }
  }
  auto request = id ? requests_.take(*id) : std::nullopt;
  if (!request) return {Disposition::kDropped, "response to unknown or late id " + shape.id};
  // A failed upstream subscribe leaves the session unsubscribed (the client sees the error).
  if (request->effect == UpstreamEffect::kSubscribe && member(message, "error") != nullptr) {
    (void)subscriptions_.unsubscribe(request->session, request->uri);
  }
  set_raw_member(message, "id", request->client_id);
  sink_.deliver(request->session, to_json(message), request->client_id, MessageKind::kResponse);
  return {Disposition::kDelivered, request->session};
}

Outcome StdioMultiplexer::on_backend_request(rapidjson::Document& message,
                                             const MessageShape& shape) {
  const std::string method(shape.method);
  if (method == "ping") {
    backend_.send(result_response(shape.id, "{}"));
    return {Disposition::kAnswered, "ping"};
  }
  auto route = route_server_request(message, method);
  if (!route) {
    backend_.send(error_response(shape.id, kInternalError, "no client session can answer"));
    return {Disposition::kRejected, "no client session can answer " + method};
  }
  const std::string client_id = server_requests_.add(ServerRequest{
      .session = route->session,
      .server_id = shape.id,
      .method = method,
      .related_request = route->related_request,
  });
  set_raw_member(message, "id", client_id);
  sink_.deliver(route->session, to_json(message), route->related_request, MessageKind::kRequest);
  return {Disposition::kDelivered, route->session};
}

// The heuristic the header describes: progress token, then most recent in-flight request of an
// able session, then the only able session.
std::optional<StdioMultiplexer::Route> StdioMultiplexer::route_server_request(
    rapidjson::Document& message, std::string_view method) {
  const rapidjson::Value* token = progress_token(message);
  if (token != nullptr && token->IsString()) {
    const ForwardedRequest* request =
        requests_.find(std::string_view(token->GetString(), token->GetStringLength()));
    if (request != nullptr && can_answer(request->session, method)) {
      return Route{request->session, request->client_id};
    }
  }
  const auto latest = requests_.most_recent(
      [&](const ForwardedRequest& request) { return can_answer(request.session, method); });
  if (latest) {
    const ForwardedRequest* request = requests_.find(*latest);
    return Route{request->session, request->client_id};
  }
  std::optional<Route> only;
  for (const auto& [sid, session] : sessions_) {
    if (!can_answer(sid, method)) continue;
    if (only) return std::nullopt;  // several idle sessions: no way to tell which one
    only = Route{sid, std::nullopt};
  }
  return only;
}

bool StdioMultiplexer::can_answer(const std::string& sid, std::string_view method) const {
  const auto found = sessions_.find(sid);
  if (found == sessions_.end()) return false;
  const std::string_view capability = required_capability(method);
  return capability.empty() || !found->second.capabilities_known ||
         found->second.capabilities.contains(std::string(capability));
}

Outcome StdioMultiplexer::on_backend_notification(rapidjson::Document& message,
                                                  std::string_view method) {
  if (method == "notifications/progress") return on_progress(message);
  if (method == "notifications/cancelled") return on_server_cancelled(message);
  if (method == "notifications/message") return deliver_log(message);
  if (method == "notifications/resources/updated") return deliver_updated(message);
  // notifications/{tools,prompts,resources}/list_changed, and any other the server sends, are
  // about the server as a whole: every session gets them on its standalone stream.
  return fan_out(to_json(message));
}

Outcome StdioMultiplexer::on_progress(rapidjson::Document& message) {
  rapidjson::Value* params = member(message, "params");
  const auto token = params ? string_member(*params, "progressToken") : std::nullopt;
  const ForwardedRequest* request = token ? requests_.find(*token) : nullptr;
  if (request == nullptr || !request->client_progress_token) {
    const rapidjson::Value* raw = params ? member(*params, "progressToken") : nullptr;
    return {Disposition::kDropped,
            "progress for unknown or finished token " + (raw ? to_json(*raw) : "(none)")};
  }
  set_raw_member(message, *params, "progressToken", *request->client_progress_token);
  sink_.deliver(request->session, to_json(message), request->client_id, MessageKind::kNotification);
  return {Disposition::kDelivered, request->session};
}

// The server cancels a request it sent to a client: tell that client under its own id.
Outcome StdioMultiplexer::on_server_cancelled(rapidjson::Document& message) {
  rapidjson::Value* params = member(message, "params");
  rapidjson::Value* request_id = params ? member(*params, "requestId") : nullptr;
  if (request_id == nullptr || !is_valid_id(*request_id)) {
    return {Disposition::kDropped, "notifications/cancelled without a valid params.requestId"};
  }
  auto taken = server_requests_.take_by_server_id(to_json(*request_id));
  if (!taken) {
    return {Disposition::kDropped,
            "cancellation of unknown server request " + to_json(*request_id)};
  }
  auto& [client_id, request] = *taken;
  set_raw_member(message, *params, "requestId", client_id);
  sink_.deliver(request.session, to_json(message), request.related_request,
                MessageKind::kNotification);
  return {Disposition::kDelivered, request.session};
}

Outcome StdioMultiplexer::deliver_log(const rapidjson::Document& message) {
  const rapidjson::Value* params = member(message, "params");
  const auto name = params ? string_member(*params, "level") : std::nullopt;
  const auto level = name ? parse_log_level(*name) : std::nullopt;
  const std::string json = to_json(message);
  size_t delivered = 0;
  for (const auto& [sid, session] : sessions_) {
    // A message without a known level passes every filter.
    if (level && !log_levels_.allows(sid, *level)) continue;
    sink_.deliver(sid, json, std::nullopt, MessageKind::kNotification);
    ++delivered;
  }
  if (delivered == 0) return {Disposition::kDropped, "no session wants this log level"};
  return {Disposition::kDelivered, std::to_string(delivered) + " sessions"};
}

Outcome StdioMultiplexer::deliver_updated(const rapidjson::Document& message) {
  const rapidjson::Value* params = member(message, "params");
  const auto uri = params ? string_member(*params, "uri") : std::nullopt;
  if (!uri) return {Disposition::kDropped, "notifications/resources/updated without params.uri"};
  const std::vector<std::string> subscribers = subscriptions_.subscribers(std::string(*uri));
  if (subscribers.empty()) return {Disposition::kDropped, "no session subscribed to the uri"};
  const std::string json = to_json(message);
  for (const std::string& sid : subscribers) {
    sink_.deliver(sid, json, std::nullopt, MessageKind::kNotification);
  }
  return {Disposition::kDelivered, std::to_string(subscribers.size()) + " sessions"};
}

Outcome StdioMultiplexer::fan_out(const std::string& json) {
  if (sessions_.empty()) return {Disposition::kDropped, "no session"};
  for (const auto& [sid, session] : sessions_) {
    sink_.deliver(sid, json, std::nullopt, MessageKind::kNotification);
  }
  return {Disposition::kDelivered, std::to_string(sessions_.size()) + " sessions"};
}

Status StdioMultiplexer::backend_attached(const rapidjson::Value& init_result) {
  if (!init_result.IsObject() || !string_member(init_result, "protocolVersion")) {
    return Error{"the server's initialize result has no protocolVersion"};
  }
  if (attached()) (void)backend_closed("the server was attached again");
  init_result_ = std::make_unique<rapidjson::Document>();
  init_result_->CopyFrom(init_result, init_result_->GetAllocator());
  for (const std::string& uri : subscriptions_.uris()) {
    send_own_request("resources/subscribe", R"({"uri":)" + quote(uri) + "}");
  }
  sync_log_level();
  if (attached_before_) announce_list_changes();
  attached_before_ = true;
  return ok_status();
}

size_t StdioMultiplexer::backend_closed(std::string_view reason) {
  const std::string message = "server stopped: " + std::string(reason);
  cancel_server_requests(message);
  const std::vector<BackendRequest> failed = requests_.take_all();
  for (const auto& [backend_id, request] : failed) {
    sink_.deliver(request.session, error_response(request.client_id, kInternalError, message),
                  request.client_id, MessageKind::kResponse);
  }
  own_requests_.clear();
  upstream_level_.reset();
  init_result_.reset();
  detached_reason_ = std::string(reason);
  return failed.size();
}

// The server that sent them is gone; clients waiting on a user (sampling, elicitation) can stop.
void StdioMultiplexer::cancel_server_requests(const std::string& reason) {
  for (const auto& [client_id, request] : server_requests_.take_all()) {
    sink_.deliver(
        request.session,
        notification_json("notifications/cancelled",
                          R"({"requestId":)" + client_id + R"(,"reason":)" + quote(reason) + "}"),
        request.related_request, MessageKind::kNotification);
  }
}

// A new server instance may serve other tools, prompts and resources than the one before.
void StdioMultiplexer::announce_list_changes() {
  const rapidjson::Value* capabilities = member(*init_result_, "capabilities");
  for (const std::string_view kind : kListKinds) {
    if (capabilities == nullptr || member(*capabilities, kind) == nullptr) continue;
    (void)fan_out(notification_json("notifications/" + std::string(kind) + "/list_changed", ""));
  }
}

void StdioMultiplexer::send_own_request(std::string_view method, std::string_view params) {
  std::string id = "mux-" + std::to_string(next_own_id_++);
  backend_.send(request_json(quote(id), method, params));
  own_requests_.insert(std::move(id));
}

// The backend has one level for everyone: the most verbose any session asked for. When the last
// session with a level leaves, the backend keeps its level (MCP has no way to unset it).
void StdioMultiplexer::sync_log_level() {
  const std::optional<LogLevel> minimum = log_levels_.minimum();
  if (!attached() || !minimum || minimum == upstream_level_) return;
  upstream_level_ = minimum;
  send_own_request("logging/setLevel", R"({"level":)" + quote(log_level_name(*minimum)) + "}");
}

}  // namespace berth::proxy::sessions
