// SessionMultiplexer: sessions and the messages clients send. The backend side is in
// session_multiplexer_backend.cc.
#include "proxy/sessions/session_multiplexer.h"

#include <algorithm>
#include <utility>

namespace berth::proxy::sessions {
namespace {

constexpr std::string_view kSessionClosed = "client session closed";

bool supported(std::optional<std::string_view> version) {
  return version && std::find(SessionMultiplexer::kSupportedVersions.begin(),
                              SessionMultiplexer::kSupportedVersions.end(),
                              *version) != SessionMultiplexer::kSupportedVersions.end();
}

// The version berth answers a client's initialize with: the client's when both sides speak a
// revision berth supports (berth translates nothing between them, so a newer client revision
// over an older backend is the backend's to refuse), else the backend's.
std::string negotiate(std::optional<std::string_view> requested, std::string_view backend) {
  if (supported(requested) && supported(backend)) return std::string(*requested);
  return std::string(backend);
}

std::set<std::string> capability_names(const rapidjson::Value* params) {
  std::set<std::string> names;
  const rapidjson::Value* capabilities = params ? mcp::member(*params, "capabilities") : nullptr;
  if (capabilities == nullptr || !capabilities->IsObject()) return names;
  for (const auto& entry : capabilities->GetObject()) {
    names.emplace(entry.name.GetString(), entry.name.GetStringLength());
  }
  return names;
}

std::optional<std::string> uri_param(const rapidjson::Value& message) {
  const rapidjson::Value* params = mcp::member(message, "params");
  const auto uri = params ? mcp::string_member(*params, "uri") : std::nullopt;
  if (!uri) return std::nullopt;
  return std::string(*uri);
}

}  // namespace

bool SessionMultiplexer::add_session(const std::string& id) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  Session session;
  session.seq = next_session_seq_++;
  return sessions_.emplace(id, std::move(session)).second;
}

void SessionMultiplexer::remove_session(const std::string& id) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  const auto found = sessions_.find(id);
  if (found == sessions_.end() || found->second.stateless) return;
  end_session(found, kSessionClosed);
}

void SessionMultiplexer::end_session(std::map<std::string, Session>::iterator found,
                                     std::string_view why) {
  const std::string& id = found->first;
  const std::string reason = mcp::quote(why);
  for (const auto& [backend_id, request] : requests_.take_session(id)) {
    if (!reachable(request.upstream)) continue;
    send_to(request.upstream, mcp::notification_json("notifications/cancelled",
                                                     R"({"requestId":)" + mcp::quote(backend_id) +
                                                         R"(,"reason":)" + reason + "}"));
  }
  for (const ServerRequest& request : server_requests_.take_session(id)) {
    if (!reachable(request.upstream)) continue;
    send_to(request.upstream, mcp::error_response(request.server_id, mcp::kInternalError, why));
  }
  for (const std::string& uri : subscriptions_.remove_session(id)) {
    if (attached()) send_own_request("resources/unsubscribe", R"({"uri":)" + mcp::quote(uri) + "}");
  }
  log_levels_.remove(id);
  sync_log_level();
  sessions_.erase(found);
}

bool SessionMultiplexer::has_session(const std::string& id) const {
  const auto found = sessions_.find(id);
  return found != sessions_.end() && !found->second.stateless;
}

size_t SessionMultiplexer::session_count() const {
  return static_cast<size_t>(
      std::count_if(sessions_.begin(), sessions_.end(),
                    [](const auto& entry) { return !entry.second.stateless; }));
}

bool SessionMultiplexer::is_stateless(const std::string& id) const {
  const auto found = sessions_.find(id);
  return found != sessions_.end() && found->second.stateless;
}

std::optional<std::string> SessionMultiplexer::protocol_version(const std::string& id) const {
  const auto found = sessions_.find(id);
  return found == sessions_.end() ? std::nullopt : found->second.protocol_version;
}

Outcome SessionMultiplexer::from_client(const std::string& session_id, std::string_view json) {
  if (!has_session(session_id)) return {Disposition::kDropped, "unknown session " + session_id};
  auto message = mcp::parse_message(json);
  if (!message) return reject(session_id, "", message.error_code(), message.error());
  return from_client(session_id, std::move(message).value());
}

Outcome SessionMultiplexer::from_client(const std::string& session_id,
                                        rapidjson::Document message) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  const auto found = sessions_.find(session_id);
  if (found == sessions_.end() || found->second.stateless) {
    return {Disposition::kDropped, "unknown session " + session_id};
  }
  const mcp::MessageShape shape = mcp::classify(message);
  switch (shape.type) {
    case mcp::MessageType::kRequest:
      return on_client_request(session_id, found->second, message, shape);
    case mcp::MessageType::kNotification:
      return on_client_notification(session_id, message, shape.method);
    case mcp::MessageType::kResponse:
      return on_client_response(session_id, message, shape);
    case mcp::MessageType::kInvalid:
      break;
  }
  return reject(session_id, shape.id, mcp::kInvalidRequest, "invalid request: " + shape.problem);
}

Outcome SessionMultiplexer::on_client_request(const std::string& sid, Session& session,
                                              rapidjson::Document& message,
                                              const mcp::MessageShape& shape) {
  const std::string_view method = shape.method;
  if (method == "initialize") return answer_initialize(sid, session, message, shape.id);
  if (method == "ping") return answer(sid, shape.id, "{}");
  if (method == "logging/setLevel") return answer_set_level(sid, message, shape.id);
  if (requests_.backend_id(sid, shape.id)) {
    return reject(sid, shape.id, mcp::kInvalidRequest,
                  "request id " + shape.id + " is already in use by a request in flight");
  }
  if (const rapidjson::Value* token = mcp::progress_token(message);
      token && !mcp::is_valid_id(*token)) {
    return reject(sid, shape.id, mcp::kInvalidParams,
                  "params._meta.progressToken must be a string or an integer");
  }
  if (requests_.count(sid) >= limits_.in_flight) {
    return refuse_over_limit(sid, shape.id, "in_flight", limits_.in_flight);
  }
  if (method == "resources/subscribe") return on_subscription(sid, session, message, shape, true);
  if (method == "resources/unsubscribe") {
    return on_subscription(sid, session, message, shape, false);
  }
  if (!attached()) return reject(sid, shape.id, mcp::kInternalError, unavailable());
  return forward(sid, session, message, shape);
}

Outcome SessionMultiplexer::answer_initialize(const std::string& sid, Session& session,
                                              const rapidjson::Document& message,
                                              const std::string& id) {
  if (!attached()) return reject(sid, id, mcp::kInternalError, unavailable());
  const rapidjson::Value* params = mcp::member(message, "params");
  const auto requested = params ? mcp::string_member(*params, "protocolVersion") : std::nullopt;
  const std::string version =
      negotiate(requested, *mcp::string_member(*init_result_, "protocolVersion"));
  session.protocol_version = version;
  session.capabilities_known = true;
  session.capabilities = capability_names(params);

  rapidjson::Document result;
  result.CopyFrom(*init_result_, result.GetAllocator());
  mcp::set_string(result, result["protocolVersion"], version);
  return answer(sid, id, mcp::to_json(result));
}

Outcome SessionMultiplexer::answer_set_level(const std::string& sid,
                                             const rapidjson::Document& message,
                                             const std::string& id) {
  const rapidjson::Value* params = mcp::member(message, "params");
  const auto name = params ? mcp::string_member(*params, "level") : std::nullopt;
  const auto level = name ? parse_log_level(*name) : std::nullopt;
  if (!level) {
    return reject(sid, id, mcp::kInvalidParams,
                  "logging/setLevel needs params.level: one of debug, info, notice, warning, "
                  "error, critical, alert, emergency");
  }
  log_levels_.set(sid, *level);
  sync_log_level();
  return answer(sid, id, "{}");
}

// The backend is subscribed to a URI once, while any session is: only the first subscribe and
// the last unsubscribe go upstream (the client gets the backend's answer); the others, and any
// while no backend is attached (backend_attached re-subscribes), are answered here.
Outcome SessionMultiplexer::on_subscription(const std::string& sid, Session& session,
                                            rapidjson::Document& message,
                                            const mcp::MessageShape& shape, bool subscribe) {
  const auto uri = uri_param(message);
  if (!uri) {
    return reject(sid, shape.id, mcp::kInvalidParams,
                  std::string(shape.method) + " needs params.uri");
  }
  if (subscribe && !subscriptions_.subscribed(sid, *uri) &&
      subscriptions_.held_by(sid) >= limits_.subscriptions) {
    return refuse_over_limit(sid, shape.id, "subscriptions", limits_.subscriptions);
  }
  const bool edge =
      subscribe ? subscriptions_.subscribe(sid, *uri) : subscriptions_.unsubscribe(sid, *uri);
  if (!edge || !attached()) return answer(sid, shape.id, "{}");
  return forward(sid, session, message, shape,
                 subscribe ? UpstreamEffect::kSubscribe : UpstreamEffect::kUnsubscribe, *uri);
}

Outcome SessionMultiplexer::forward(const std::string& sid, const Session& session,
                                    rapidjson::Document& message, const mcp::MessageShape& shape,
                                    UpstreamEffect effect, std::string uri) {
  rapidjson::Value* token = mcp::progress_token(message);  // valid: on_client_request checked it
  ForwardedRequest request{.session = sid,
                           .client_id = shape.id,
                           .method = std::string(shape.method),
                           .client_progress_token = std::nullopt,
                           .effect = effect,
                           .uri = std::move(uri)};
  if (token != nullptr) request.client_progress_token = mcp::to_json(*token);
  const std::string backend_id = requests_.add(session.seq, std::move(request));
  mcp::set_string(message, message["id"], backend_id);
  if (token != nullptr) mcp::set_string(message, *token, backend_id);
  backend_.send(mcp::to_json(message));
  return {Disposition::kForwarded, backend_id};
}

Outcome SessionMultiplexer::on_client_notification(const std::string& sid,
                                                   rapidjson::Document& message,
                                                   std::string_view method) {
  if (method == "notifications/initialized") {
    return {Disposition::kSwallowed, "berth initialized the server already"};
  }
  if (method == "notifications/cancelled") return on_client_cancelled(sid, message);
  if (method == "notifications/roots/list_changed") {
    return {Disposition::kSwallowed,
            "berth answers roots/list itself: one client's roots are not "
            "the shared server's"};
  }
  if (!attached()) return {Disposition::kDropped, unavailable()};
  backend_.send(mcp::to_json(message));
  return {Disposition::kForwarded, std::string(method)};
}

// The request is forgotten at once: the server need not answer a cancelled request, and an answer
// that comes anyway is dropped as late.
Outcome SessionMultiplexer::on_client_cancelled(const std::string& sid,
                                                rapidjson::Document& message) {
  rapidjson::Value* params = mcp::member(message, "params");
  rapidjson::Value* request_id = params ? mcp::member(*params, "requestId") : nullptr;
  if (request_id == nullptr || !mcp::is_valid_id(*request_id)) {
    return {Disposition::kDropped, "notifications/cancelled without a valid params.requestId"};
  }
  const std::string client_id = mcp::to_json(*request_id);
  const auto backend_id = requests_.backend_id(sid, client_id);
  if (!backend_id) {
    return {Disposition::kDropped, "cancellation of request " + client_id + ", not in flight"};
  }
  const Upstream upstream = requests_.take(*backend_id)->upstream;
  mcp::set_string(message, *request_id, *backend_id);
  send_to(upstream, mcp::to_json(message));
  return {Disposition::kForwarded, *backend_id};
}

Outcome SessionMultiplexer::on_client_response(const std::string& sid, rapidjson::Document& message,
                                               const mcp::MessageShape& shape) {
  auto request = server_requests_.take(sid, shape.id);
  if (!request) {
    return {Disposition::kDropped, "response to unknown server request id " + shape.id};
  }
  mcp::set_raw_member(message, "id", request->server_id);
  send_to(request->upstream, mcp::to_json(message));
  return {Disposition::kForwarded, request->method};
}

Outcome SessionMultiplexer::answer(const std::string& sid, const std::string& id,
                                   std::string_view result) {
  deliver_response(sid, mcp::result_response(id, result), id);
  return {Disposition::kAnswered, ""};
}

void SessionMultiplexer::deliver_response(const std::string& sid, std::string message,
                                          const std::string& client_id) {
  std::optional<std::string> related;
  if (!client_id.empty()) related = client_id;
  sink_.deliver(sid, std::move(message), std::move(related), MessageKind::kResponse);
  const auto found = sessions_.find(sid);
  if (found != sessions_.end() && found->second.stateless) sessions_.erase(found);
}

Outcome SessionMultiplexer::reject(const std::string& sid, const std::string& id, int code,
                                   std::string message) {
  deliver_response(sid, mcp::error_response(id, code, message), id);
  return {Disposition::kRejected, std::move(message)};
}

Outcome SessionMultiplexer::refuse_over_limit(const std::string& sid, const std::string& id,
                                              std::string_view name, size_t max) {
  Outcome outcome = reject(sid, id, mcp::kLimitExceeded,
                           "berth's limit of " + std::to_string(max) + " " + std::string(name) +
                               " per session is reached; wait for answers and try again");
  outcome.limit = name;
  return outcome;
}

}  // namespace berth::proxy::sessions
