// MultiplexedFront, continued: POSTs from clients and the messages the multiplexer delivers back
// to them — as one JSON answer, on the POST's SSE stream, or on the session's GET stream.
#include <spdlog/spdlog.h>

#include <utility>

#include "proxy/front/multiplexed_front.h"
#include "proxy/http/responses.h"
#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::front {
namespace {

// The HTTP status of a stateless client's JSON answer: 404 for "method not found", as the modern
// era asks (it tells a modern server's answer from a legacy endpoint's), else 200.
http::HttpStatus stateless_status(std::string_view message) {
  auto parsed = mcp::parse_message(message);
  if (!parsed) return http::HttpStatus::ok;
  const rapidjson::Value* error = mcp::member(*parsed, "error");
  const rapidjson::Value* code = error ? mcp::member(*error, "code") : nullptr;
  const bool not_found = code != nullptr && code->IsInt() && code->GetInt() == mcp::kMethodNotFound;
  return not_found ? http::HttpStatus::not_found : http::HttpStatus::ok;
}

std::string sse_event(std::string_view message) {
  std::string event = "event: message\ndata: ";
  event.append(message);
  event.append("\n\n");
  return event;
}

}  // namespace

// Holds a POST until the backend's handshake is done (starting it again if it failed before).
void MultiplexedFront::defer(std::shared_ptr<http::Exchange> exchange, McpPost post,
                             PostKind kind) {
  if (!handshaking_ && backend_) handshake();
  if (!backend_) {
    exchange->respond(make_json_rpc_error(http::HttpStatus::service_unavailable,
                                          request_ids_of(post), mcp::kInternalError,
                                          "server " + server_ + " has no open stream"));
    return;
  }
  waiting_.push_back(Deferred{std::move(exchange), std::move(post), kind});
}

void MultiplexedFront::post(std::shared_ptr<http::Exchange> exchange, McpPost post) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  if (!mux_.attached()) return defer(std::move(exchange), std::move(post), PostKind::kSession);
  std::optional<std::string> sid;
  const RequestIds requests = request_ids_of(post);
  if (post.initialize) {
    sid = open_session(exchange, requests);
  } else if (session_for(exchange, requests) != nullptr) {
    sid = session_id_of(exchange->request());
  }
  if (!sid) return;  // refused already
  if (post.requests == 0) {
    for (rapidjson::Document& message : post.messages) from_client(*sid, std::move(message));
    exchange->respond(http::make_text_response(http::HttpStatus::accepted, ""));
    return;
  }
  answer_post(*sid, std::move(exchange), std::move(post));
}

std::optional<std::string> MultiplexedFront::open_session(
    const std::shared_ptr<http::Exchange>& exchange, const RequestIds& requests) {
  if (sessions_.size() >= options_.max_sessions && !evict_idle_session()) {
    refuse_session(exchange, requests);
    return std::nullopt;
  }
  Result<std::string> sid = ids_.generate();
  if (!sid) {
    exchange->respond(make_json_rpc_error(http::HttpStatus::internal_server_error, requests,
                                          mcp::kInternalError, sid.error()));
    return std::nullopt;
  }
  mux_.add_session(*sid);
  sessions_[*sid].last_active = clock_.now();
  return *sid;
}

void MultiplexedFront::answer_post(const std::string& sid, std::shared_ptr<http::Exchange> exchange,
                                   McpPost post) {
  Session& session = sessions_[sid];
  for (const rapidjson::Document& message : post.messages) {
    mcp::MessageShape shape = mcp::classify(message);
    if (shape.type == mcp::MessageType::kRequest && session.answers.contains(shape.id)) {
      RequestIds duplicate;
      duplicate.ids.push_back(shape.id);
      exchange->respond(make_json_rpc_error(http::HttpStatus::bad_request, duplicate,
                                            mcp::kInvalidRequest,
                                            "request id " + shape.id + " is already in flight"));
      return;
    }
  }
  auto answer = std::make_shared<PostAnswer>();
  answer->backlog = StreamBacklog(options_.stream_backlog);
  answer->exchange = exchange;
  answer->session_id = sid;
  answer->batch = post.batch;
  for (const rapidjson::Document& message : post.messages) {
    mcp::MessageShape shape = mcp::classify(message);
    if (shape.type != mcp::MessageType::kRequest) continue;
    answer->waiting.insert(shape.id);
    session.answers[shape.id] = answer;
  }
  std::weak_ptr<PostAnswer> weak = answer;
  exchange->on_disconnect([weak] {
    if (auto gone = weak.lock()) gone->gone = true;
  });
  for (rapidjson::Document& message : post.messages) {
    from_client(sid, std::move(message));  // answers come back through deliver()
  }
}

void MultiplexedFront::from_client(const std::string& sid, rapidjson::Document message) {
  log_limit(mux_.from_client(sid, std::move(message)));
}

void MultiplexedFront::log_limit(const sessions::Outcome& outcome) const {
  if (outcome.limit.empty()) return;
  spdlog::warn("server={} refused limit={} reason=\"{}\"", server_, outcome.limit, outcome.detail);
}

void MultiplexedFront::deliver(const std::string& session_id, std::string message,
                               std::optional<std::string> related_request,
                               sessions::MessageKind kind) {
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return deliver_stateless(session_id, message, related_request, kind);
  Session& session = it->second;
  if (!session.legacy && related_request &&
      deliver_to_answer(session, *related_request, message, kind)) {
    return;
  }
  if (session.stream && !session.stream->disconnected()) {
    return write_to_stream(session_id, session, message);
  }
  spdlog::debug("server={} message for a session with no open stream dropped", server_);
}

void MultiplexedFront::write_to_stream(const std::string& session_id, Session& session,
                                       const std::string& message) {
  std::string event = sse_event(message);
  if (auto done = session.stream_backlog.admit(event.size())) {
    session.stream->write(std::move(event), std::move(*done));
    return;
  }
  spdlog::warn("server={} {} stream ended limit=stream_backlog max={} unread={}", server_,
               session.legacy ? "legacy" : "GET", session.stream_backlog.limit(),
               session.stream_backlog.queued());
  session.stream->end();
  session.stream = nullptr;
  if (session.legacy) overflowed_.push_back(session_id);
}

void MultiplexedFront::end_overflowed_sessions() {
  for (const std::string& sid : std::exchange(overflowed_, {})) end_session(sid);
}

// Writes `message` into the answer of the POST that carried request `related`; false if that
// answer can no longer take it (the client left), so the caller falls back to the GET stream.
bool MultiplexedFront::deliver_to_answer(Session& session, const std::string& related,
                                         std::string& message, sessions::MessageKind kind) {
  auto it = session.answers.find(related);
  if (it == session.answers.end()) return false;
  std::shared_ptr<PostAnswer> answer = it->second;
  bool last = false;
  if (kind == sessions::MessageKind::kResponse) {
    session.answers.erase(it);
    answer->waiting.erase(related);
    last = answer->waiting.empty();
  }
  if (answer->gone || answer->exchange == nullptr) return false;
  if (answer->batch && !within_batch_cap(*answer, related, message, kind)) return true;
  const bool stateless = answer->session_id.empty();
  if (!answer->streaming && last && !answer->batch) {
    const http::HttpStatus status = stateless ? stateless_status(message) : http::HttpStatus::ok;
    http::Response response = http::make_json_response(status, std::move(message));
    if (!stateless) response.set("Mcp-Session-Id", answer->session_id);
    answer->exchange->respond(std::move(response));
    answer->exchange = nullptr;
    return true;
  }
  if (!answer->streaming) {
    http::StreamHead head = http::make_stream_head(http::HttpStatus::ok, http::kEventStreamType);
    if (stateless) {
      head.set("X-Accel-Buffering", "no");
    } else {
      head.set("Mcp-Session-Id", answer->session_id);
    }
    answer->exchange->start_stream(std::move(head));
    answer->streaming = true;
  }
  std::string event = sse_event(message);
  auto done = answer->backlog.admit(event.size());
  if (!done) {
    spdlog::warn("server={} POST stream ended limit=stream_backlog max={} unread={}", server_,
                 answer->backlog.limit(), answer->backlog.queued());
    answer->exchange->end();
    answer->exchange = nullptr;
    answer->gone = true;
    return false;  // this and later messages go to the GET stream, if one is open
  }
  answer->exchange->write(std::move(event), std::move(*done));
  if (last) {
    answer->exchange->end();
    answer->exchange = nullptr;
  }
  return true;
}

bool MultiplexedFront::within_batch_cap(PostAnswer& answer, const std::string& related,
                                        std::string& message, sessions::MessageKind kind) {
  const bool over = answer.bytes + message.size() > kMaxBatchAnswerBytes;
  if (over && kind == sessions::MessageKind::kNotification) return false;
  if (over && kind == sessions::MessageKind::kResponse) {
    if (!answer.capped) {
      spdlog::warn("server={} batch answer over limit=batch_answer_bytes max={}", server_,
                   kMaxBatchAnswerBytes);
    }
    answer.capped = true;
    message = mcp::error_response(related, mcp::kLimitExceeded,
                                  "the answers to this batch exceed berth's limit of " +
                                      std::to_string(kMaxBatchAnswerBytes) +
                                      " bytes; send this request alone");
  }
  answer.bytes += message.size();
  return true;
}

void MultiplexedFront::open_legacy_stream(std::shared_ptr<http::Exchange> exchange,
                                          const std::string& messages_path) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  std::optional<std::string> sid = open_session(exchange);
  if (!sid) return;
  Session& session = sessions_[*sid];
  session.legacy = true;
  session.stream = exchange;
  session.stream_backlog = StreamBacklog(options_.stream_backlog);
  exchange->start_stream(http::make_stream_head(http::HttpStatus::ok, http::kEventStreamType));
  exchange->write("event: endpoint\ndata: " + messages_path + "?sessionId=" + *sid + "\n\n");
  // The front may be gone (the server was removed) by the time the client leaves.
  exchange->on_disconnect([this, alive = std::weak_ptr<int>(alive_), id = *sid] {
    if (!alive.expired()) end_session(id);
  });
}

void MultiplexedFront::legacy_post(std::shared_ptr<http::Exchange> exchange, McpPost post) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  if (!mux_.attached()) return defer(std::move(exchange), std::move(post), PostKind::kLegacySse);
  std::string sid = exchange->query("sessionId").value_or("");
  auto it = sessions_.find(sid);
  if (it == sessions_.end() || !it->second.legacy) {
    exchange->respond(make_json_rpc_error(http::HttpStatus::not_found, request_ids_of(post),
                                          mcp::kInvalidRequest,
                                          "unknown or ended session; open the SSE stream again"));
    return;
  }
  it->second.last_active = clock_.now();
  if (!it->second.stream) {  // ended for its backlog, inside the multiplexer
    end_session(sid);
    exchange->respond(make_json_rpc_error(http::HttpStatus::not_found, request_ids_of(post),
                                          mcp::kInvalidRequest,
                                          "the session ended; open the SSE stream again"));
    return;
  }
  for (rapidjson::Document& message : post.messages) {
    from_client(sid, std::move(message));  // answers go on the session's stream
  }
  end_overflowed_sessions();
  exchange->respond(http::make_text_response(http::HttpStatus::accepted, "Accepted"));
}

void MultiplexedFront::post_stateless(std::shared_ptr<http::Exchange> exchange, McpPost post) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  if (!mux_.attached()) return defer(std::move(exchange), std::move(post), PostKind::kStateless);
  if (post.requests == 0) {  // a notification: nothing the modern era defines over HTTP
    exchange->respond(http::make_text_response(http::HttpStatus::accepted, ""));
    return;
  }
  rapidjson::Document& request = post.messages.front();
  const std::string id = mcp::classify(request).id;
  const std::string key = "stateless-" + std::to_string(next_stateless_++);
  auto answer = std::make_shared<PostAnswer>();
  answer->backlog = StreamBacklog(options_.stream_backlog);
  answer->exchange = exchange;
  answer->waiting.insert(id);
  Session& client = stateless_[key];
  client.last_active = clock_.now();
  client.answers[id] = answer;
  exchange->on_disconnect(
      [this, alive = std::weak_ptr<int>(alive_), key, weak = std::weak_ptr<PostAnswer>(answer)] {
        if (auto gone = weak.lock()) gone->gone = true;
        if (!alive.expired()) on_stateless_left(key);
      });
  log_limit(mux_.from_stateless(key, std::move(request)));  // the answer comes through deliver()
}

void MultiplexedFront::deliver_stateless(const std::string& key, std::string& message,
                                         const std::optional<std::string>& related,
                                         sessions::MessageKind kind) {
  auto it = stateless_.find(key);
  if (it == stateless_.end()) return;
  if (!related || !deliver_to_answer(it->second, *related, message, kind)) {
    spdlog::debug("server={} message for a stateless client that left dropped", server_);
  }
  if (kind == sessions::MessageKind::kResponse) stateless_.erase(key);
}

void MultiplexedFront::on_stateless_left(const std::string& key) {
  if (stateless_.erase(key) == 0) return;  // answered already
  mux_.cancel_stateless(key);
}

}  // namespace berth::proxy::front
