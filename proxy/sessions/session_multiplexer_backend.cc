// SessionMultiplexer: the messages the backends send, the current one's and the draining one's.
// Sessions and client messages are in session_multiplexer.cc; the backends' lifecycle and the
// upstream state berth keeps for all sessions in session_multiplexer_lifecycle.cc.
#include <utility>
#include <vector>

#include "proxy/mcp/upstream_tag.h"
#include "proxy/sessions/modern_results.h"
#include "proxy/sessions/server_request_attribution.h"
#include "proxy/sessions/session_multiplexer.h"

namespace berth::proxy::sessions {
namespace {

// The client capability a server-to-client request needs, or empty if none. (roots/list needs
// `roots`, but berth answers it itself.)
std::string_view required_capability(std::string_view method) {
  if (method == "sampling/createMessage") return "sampling";
  if (method == "elicitation/create") return "elicitation";
  return "";
}

// berth's answer to roots/list: a server shared by many clients has no roots of one of them.
constexpr std::string_view kNoRoots = R"({"roots":[]})";

}  // namespace

Outcome SessionMultiplexer::from_backend(std::string_view json) {
  auto message = mcp::parse_message(json);
  if (!message) return {Disposition::kDropped, "from the server: " + message.error()};
  return from_backend(std::move(message).value());
}

Outcome SessionMultiplexer::from_backend(rapidjson::Document message) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  return from_upstream(Upstream::kCurrent, message);
}

Outcome SessionMultiplexer::from_draining(std::string_view json) {
  auto message = mcp::parse_message(json);
  if (!message) return {Disposition::kDropped, "from the draining server: " + message.error()};
  return from_draining(std::move(message).value());
}

Outcome SessionMultiplexer::from_draining(rapidjson::Document message) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  if (!draining_) return {Disposition::kDropped, "no server is draining"};
  return from_upstream(Upstream::kDraining, message);
}

Outcome SessionMultiplexer::from_upstream(Upstream upstream, rapidjson::Document& message) {
  const mcp::MessageShape shape = mcp::classify(message);
  switch (shape.type) {
    case mcp::MessageType::kResponse:
      return on_backend_response(upstream, message, shape);
    case mcp::MessageType::kRequest:
      return on_backend_request(upstream, message, shape);
    case mcp::MessageType::kNotification:
      return on_backend_notification(upstream, message, shape.method);
    case mcp::MessageType::kInvalid:
      break;
  }
  return {Disposition::kDropped, "malformed message from the server: " + shape.problem};
}

Outcome SessionMultiplexer::on_backend_response(Upstream upstream, rapidjson::Document& message,
                                                const mcp::MessageShape& shape) {
  const auto id = mcp::string_member(message, "id");
  if (id) {
    auto& own_requests = upstream == Upstream::kCurrent ? own_requests_ : draining_own_requests_;
    if (const auto own = own_requests.find(*id); own != own_requests.end()) {
      own_requests.erase(own);
      const bool failed = mcp::member(message, "error") != nullptr;
      return {Disposition::kSwallowed,
              failed ? "berth's request failed: " + mcp::to_json(message) : ""};
    }
  }
  const ForwardedRequest* found = id ? requests_.find(*id) : nullptr;
  if (found == nullptr || found->upstream != upstream) {
    if (id && requests_.issued(*id)) {
      return {Disposition::kDropped, "response to late id " + mcp::loggable_id(shape.id)};
    }
    return {Disposition::kForeign, mcp::loggable_id(shape.id)};
  }
  auto request = requests_.take(*id);
  // A failed upstream subscribe leaves the session unsubscribed (the client sees the error).
  if (request->effect == UpstreamEffect::kSubscribe && mcp::member(message, "error") != nullptr) {
    (void)subscriptions_.unsubscribe(request->session, request->uri);
  }
  mcp::set_raw_member(message, "id", request->client_id);
  const auto session = sessions_.find(request->session);
  if (session != sessions_.end() && session->second.stateless && init_result_) {
    make_response_modern(message, request->method, *init_result_);
  }
  deliver_response(request->session, mcp::to_json(message), request->client_id);
  return {Disposition::kDelivered, request->session};
}

// berth is the server's one client, so what the server asks of its client is berth's to answer
// or to pass to the one client session whose request caused it (server_request_attribution.h).
Outcome SessionMultiplexer::on_backend_request(Upstream upstream, rapidjson::Document& message,
                                               const mcp::MessageShape& shape) {
  const std::string method(shape.method);
  if (method == "ping") {
    send_to(upstream, mcp::result_response(shape.id, "{}"));
    return {Disposition::kAnswered, "ping"};
  }
  if (method == "roots/list") {
    send_to(upstream, mcp::result_response(shape.id, kNoRoots));
    return {Disposition::kAnswered, "roots/list: berth answers no roots"};
  }
  auto route = route_server_request(upstream, message, method);
  if (!route) {
    send_to(upstream, mcp::error_response(shape.id, mcp::kInternalError, route.error()));
    return {Disposition::kRejected, route.error()};
  }
  if (server_requests_.count(route->session) >= limits_.server_requests) {
    send_to(upstream, mcp::error_response(shape.id, mcp::kLimitExceeded,
                                          "the client session has too many requests to answer"));
    return {Disposition::kRejected, method + " for a session with too many to answer",
            "server_requests"};
  }
  const std::string client_id = server_requests_.add(ServerRequest{
      .session = route->session,
      .server_id = shape.id,
      .method = method,
      .related_request = route->related_request,
      .upstream = upstream,
  });
  mcp::set_raw_member(message, "id", client_id);
  sink_.deliver(route->session, mcp::to_json(message), route->related_request,
                MessageKind::kRequest);
  return {Disposition::kDelivered, route->session};
}

// The session of the client request that caused the server request, if it can answer it; else
// why no client gets it. Only requests in flight on the backend that asks count: the other
// backend's requests did not cause it.
Result<SessionMultiplexer::Route> SessionMultiplexer::route_server_request(
    Upstream upstream, rapidjson::Document& message, std::string_view method) {
  // Quoted and cut: the server chose it, and the front logs the error.
  const std::string what = mcp::loggable_id(mcp::quote(method)) + " from the server: ";
  auto cause = attribute_server_request(requests_, upstream, mcp::progress_token(message));
  if (!cause) {
    return Error{what + "berth cannot tell which client's request caused it (" + cause.error() +
                 "), and no other client may answer it"};
  }
  const ForwardedRequest* request = requests_.find(*cause);
  if (is_stateless(request->session)) {
    return Error{what +
                 "the client whose request caused it is of the 2026-07-28 era, to which "
                 "berth does not pass server requests yet"};
  }
  if (!can_answer(request->session, method)) {
    return Error{what + "the client whose request caused it did not declare the " +
                 std::string(required_capability(method)) + " capability"};
  }
  return Route{request->session, request->client_id};
}

bool SessionMultiplexer::can_answer(const std::string& sid, std::string_view method) const {
  const auto found = sessions_.find(sid);
  if (found == sessions_.end()) return false;
  const std::string_view capability = required_capability(method);
  return capability.empty() || !found->second.capabilities_known ||
         found->second.capabilities.contains(std::string(capability));
}

Outcome SessionMultiplexer::on_backend_notification(Upstream upstream, rapidjson::Document& message,
                                                    std::string_view method) {
  if (method == "notifications/progress") return on_progress(upstream, message);
  if (method == "notifications/cancelled") return on_server_cancelled(upstream, message);
  // Sessions follow the new backend; the draining one only finishes its requests.
  if (upstream == Upstream::kDraining) {
    return {Disposition::kDropped, "from the draining server: " + std::string(method)};
  }
  if (method == "notifications/message") return deliver_log(message);
  if (method == "notifications/resources/updated") return deliver_updated(message);
  // notifications/{tools,prompts,resources}/list_changed, and any other the server sends, are
  // about the server as a whole: every session gets them on its standalone stream.
  return fan_out(mcp::to_json(message));
}

Outcome SessionMultiplexer::on_progress(Upstream upstream, rapidjson::Document& message) {
  rapidjson::Value* params = mcp::member(message, "params");
  const auto token = params ? mcp::string_member(*params, "progressToken") : std::nullopt;
  const ForwardedRequest* request = token ? requests_.find(*token) : nullptr;
  if (request == nullptr || request->upstream != upstream || !request->client_progress_token) {
    const rapidjson::Value* raw = params ? mcp::member(*params, "progressToken") : nullptr;
    return {Disposition::kDropped,
            "progress for unknown or finished token " + (raw ? mcp::to_json(*raw) : "(none)")};
  }
  mcp::set_raw_member(message, *params, "progressToken", *request->client_progress_token);
  sink_.deliver(request->session, mcp::to_json(message), request->client_id,
                MessageKind::kNotification);
  return {Disposition::kDelivered, request->session};
}

// The server cancels a request it sent to a client: tell that client under its own id.
Outcome SessionMultiplexer::on_server_cancelled(Upstream upstream, rapidjson::Document& message) {
  rapidjson::Value* params = mcp::member(message, "params");
  rapidjson::Value* request_id = params ? mcp::member(*params, "requestId") : nullptr;
  if (request_id == nullptr || !mcp::is_valid_id(*request_id)) {
    return {Disposition::kDropped, "notifications/cancelled without a valid params.requestId"};
  }
  auto taken = server_requests_.take_by_server_id(upstream, mcp::to_json(*request_id));
  if (!taken) {
    return {Disposition::kDropped,
            "cancellation of unknown server request " + mcp::to_json(*request_id)};
  }
  auto& [client_id, request] = *taken;
  mcp::set_raw_member(message, *params, "requestId", client_id);
  sink_.deliver(request.session, mcp::to_json(message), request.related_request,
                MessageKind::kNotification);
  return {Disposition::kDelivered, request.session};
}

Outcome SessionMultiplexer::deliver_log(const rapidjson::Document& message) {
  const rapidjson::Value* params = mcp::member(message, "params");
  const auto name = params ? mcp::string_member(*params, "level") : std::nullopt;
  const auto level = name ? parse_log_level(*name) : std::nullopt;
  const std::string json = mcp::to_json(message);
  size_t delivered = 0;
  for (const auto& [sid, session] : sessions_) {
    // A message without a known level passes every filter.
    if (session.stateless || (level && !log_levels_.allows(sid, *level))) continue;
    sink_.deliver(sid, json, std::nullopt, MessageKind::kNotification);
    ++delivered;
  }
  if (delivered == 0) return {Disposition::kDropped, "no session wants this log level"};
  return {Disposition::kDelivered, std::to_string(delivered) + " sessions"};
}

Outcome SessionMultiplexer::deliver_updated(const rapidjson::Document& message) {
  const rapidjson::Value* params = mcp::member(message, "params");
  const auto uri = params ? mcp::string_member(*params, "uri") : std::nullopt;
  if (!uri) return {Disposition::kDropped, "notifications/resources/updated without params.uri"};
  const std::vector<std::string> subscribers = subscriptions_.subscribers(std::string(*uri));
  if (subscribers.empty()) return {Disposition::kDropped, "no session subscribed to the uri"};
  const std::string json = mcp::to_json(message);
  for (const std::string& sid : subscribers) {
    sink_.deliver(sid, json, std::nullopt, MessageKind::kNotification);
  }
  return {Disposition::kDelivered, std::to_string(subscribers.size()) + " sessions"};
}

Outcome SessionMultiplexer::fan_out(const std::string& json) {
  size_t delivered = 0;
  for (const auto& [sid, session] : sessions_) {
    if (session.stateless) continue;
    sink_.deliver(sid, json, std::nullopt, MessageKind::kNotification);
    ++delivered;
  }
  if (delivered == 0) return {Disposition::kDropped, "no session"};
  return {Disposition::kDelivered, std::to_string(delivered) + " sessions"};
}

}  // namespace berth::proxy::sessions
