// SessionMultiplexer: the backends' lifecycle (attached, replaced and draining, closed) and the
// upstream state berth keeps for all sessions (subscriptions, log level). Messages from the
// backends are in session_multiplexer_backend.cc.
#include <utility>
#include <vector>

#include "proxy/sessions/session_multiplexer.h"

namespace berth::proxy::sessions {
namespace {

constexpr std::array<std::string_view, 3> kListKinds = {"tools", "prompts", "resources"};

}  // namespace

Status SessionMultiplexer::backend_attached(const rapidjson::Value& init_result) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  if (!init_result.IsObject() || !mcp::string_member(init_result, "protocolVersion")) {
    return Error{"the server's initialize result has no protocolVersion"};
  }
  if (attached()) (void)backend_closed("the server was attached again");
  init_result_ = std::make_unique<rapidjson::Document>();
  init_result_->CopyFrom(init_result, init_result_->GetAllocator());
  for (const std::string& uri : subscriptions_.uris()) {
    send_own_request("resources/subscribe", R"({"uri":)" + mcp::quote(uri) + "}");
  }
  sync_log_level();
  if (attached_before_) announce_list_changes();
  attached_before_ = true;
  return ok_status();
}

size_t SessionMultiplexer::backend_closed(std::string_view reason) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  const size_t failed = fail_upstream(Upstream::kCurrent, "server stopped: " + std::string(reason));
  own_requests_.clear();
  detach(reason);
  return failed;
}

// The replaced backend keeps what it was asked; the next backend_attached brings the new one
// up to date (subscriptions, log level) as after a restart.
bool SessionMultiplexer::backend_replaced() {
  BERTH_CHECK_ON_THREAD(io_thread_);
  if (!attached()) return false;
  if (draining_) (void)draining_closed("the server was replaced again");
  requests_.mark_draining();
  server_requests_.mark_draining();
  draining_own_requests_ = std::move(own_requests_);
  own_requests_.clear();
  draining_ = true;
  detach("the server is being replaced");
  return true;
}

size_t SessionMultiplexer::draining_closed(std::string_view reason) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  if (!draining_) return 0;
  const size_t failed =
      fail_upstream(Upstream::kDraining, "server stopped: " + std::string(reason));
  draining_own_requests_.clear();
  draining_ = false;
  return failed;
}

// Fails every request in flight on `upstream` with `message`, at once, and withdraws the
// requests it sent to clients. Returns how many requests failed.
size_t SessionMultiplexer::fail_upstream(Upstream upstream, const std::string& message) {
  cancel_server_requests(upstream, message);
  const std::vector<BackendRequest> failed = requests_.take_all(upstream);
  for (const auto& [backend_id, request] : failed) {
    deliver_response(request.session,
                     mcp::error_response(request.client_id, mcp::kInternalError, message),
                     request.client_id);
  }
  return failed.size();
}

// The server that sent them is gone; clients waiting on a user (sampling, elicitation) can stop.
void SessionMultiplexer::cancel_server_requests(Upstream upstream, const std::string& reason) {
  for (const auto& [client_id, request] : server_requests_.take_all(upstream)) {
    sink_.deliver(request.session,
                  mcp::notification_json(
                      "notifications/cancelled",
                      R"({"requestId":)" + client_id + R"(,"reason":)" + mcp::quote(reason) + "}"),
                  request.related_request, MessageKind::kNotification);
  }
}

// No current backend: the upstream state is forgotten (backend_attached re-sends it).
void SessionMultiplexer::detach(std::string_view reason) {
  upstream_level_.reset();
  init_result_.reset();
  detached_reason_ = std::string(reason);
}

// A new server instance may serve other tools, prompts and resources than the one before.
void SessionMultiplexer::announce_list_changes() {
  const rapidjson::Value* capabilities = mcp::member(*init_result_, "capabilities");
  for (const std::string_view kind : kListKinds) {
    if (capabilities == nullptr || mcp::member(*capabilities, kind) == nullptr) continue;
    (void)fan_out(
        mcp::notification_json("notifications/" + std::string(kind) + "/list_changed", ""));
  }
}

void SessionMultiplexer::send_own_request(std::string_view method, std::string_view params) {
  std::string id = requests_.tag() + "-mux-" + std::to_string(next_own_id_++);
  backend_.send(mcp::request_json(mcp::quote(id), method, params));
  own_requests_.insert(std::move(id));
}

// The backend has one level for everyone: the most verbose any session asked for. When the last
// session with a level leaves, the backend keeps its level (MCP has no way to unset it).
void SessionMultiplexer::sync_log_level() {
  const std::optional<LogLevel> minimum = log_levels_.minimum();
  if (!attached() || !minimum || minimum == upstream_level_) return;
  upstream_level_ = minimum;
  send_own_request("logging/setLevel", R"({"level":)" + mcp::quote(log_level_name(*minimum)) + "}");
}

void SessionMultiplexer::send_to(Upstream upstream, std::string line) {
  if (upstream == Upstream::kCurrent) {
    backend_.send(std::move(line));
  } else {
    backend_.send_draining(std::move(line));
  }
}

}  // namespace berth::proxy::sessions
