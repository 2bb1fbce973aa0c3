// MultiplexedFront: binding to the container's channel, the backend handshake, and the
// session lifecycle (GET streams, DELETE, reaping). POST answers are in
// multiplexed_post_answers.cc.
#include "proxy/front/multiplexed_front.h"

#include <spdlog/spdlog.h>

#include "proxy/http/responses.h"
#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::front {
namespace {

// Logs what the multiplexer did with a message from `server`'s container (`where`: its
// "container=…" or "upstream=draining"), when worth a line. An answer to an id berth never
// issued is the late answer to an earlier berth run's request; a refused server request is one
// berth could not attribute to a client (or answer) itself.
void log_backend_outcome(const std::string& server, const std::string& where,
                         const sessions::Outcome& outcome) {
  switch (outcome.disposition) {
    case sessions::Disposition::kForeign:
      spdlog::info("server={} {} answer dropped: berth did not issue its id in this run id={}",
                   server, where, outcome.detail);
      return;
    case sessions::Disposition::kRejected:
      spdlog::info("server={} {} server request refused: {}", server, where, outcome.detail);
      return;
    case sessions::Disposition::kDropped:
      spdlog::debug("server={} {} backend message dropped: {}", server, where, outcome.detail);
      return;
    default:
      return;
  }
}

}  // namespace

MultiplexedFront::MultiplexedFront(std::string server, ChannelSource& channels, const Clock& clock,
                                   MultiplexedFrontOptions options)
    : server_(std::move(server)),
      channels_(channels),
      clock_(clock),
      options_(options),
      mux_(*this, *this) {}

MultiplexedFront::~MultiplexedFront() {
  for (Deferred& deferred : waiting_) {
    deferred.exchange->respond(make_json_rpc_error(http::HttpStatus::service_unavailable,
                                                   request_ids_of(deferred.post),
                                                   mcp::kInternalError, "berth is stopping"));
  }
  std::vector<std::string> ids;
  for (const auto& [sid, session] : sessions_) ids.push_back(sid);
  for (const std::string& sid : ids) end_session(sid);  // cancels their requests upstream
  for (auto& [key, client] : std::exchange(stateless_, {})) {
    mux_.cancel_stateless(key);
    for (auto& [id, answer] : client.answers) {
      if (answer->gone || answer->exchange == nullptr) continue;
      if (answer->streaming) {
        answer->exchange->end();
      } else {
        RequestIds request;
        request.ids.push_back(id);
        answer->exchange->respond(make_json_rpc_error(http::HttpStatus::service_unavailable,
                                                      request, mcp::kInternalError,
                                                      "berth is stopping"));
      }
    }
  }
  ++draining_generation_;
  retire(std::move(draining_));
  ++generation_;
  retire(std::move(backend_));
}

void MultiplexedFront::bind(const reconciler::Route& route) {
  if (backend_ && !backend_->closed() && route.container_id == container_id_) {
    if (!mux_.attached() && !handshaking_) handshake();
    return;
  }
  if (backend_) {
    std::shared_ptr<mcp::McpChannel> old = std::move(backend_);
    old->set_message_handler({});
    old->set_closed_handler({});
    if (mux_.attached() && !old->closed()) {
      start_draining(std::move(old));
    } else {
      if (mux_.attached()) mux_.backend_closed("the server was replaced");
      retire(std::move(old));
    }
  }
  ++generation_;
  container_id_ = route.container_id;
  backend_ = channels_.open(route);
  uint64_t generation = generation_;
  backend_->set_message_handler([this, generation](rapidjson::Document message) {
    if (generation != generation_) return;
    sessions::Outcome outcome = mux_.from_backend(std::move(message));
    log_backend_outcome(server_, "container=" + container_id_.substr(0, 12), outcome);
    log_limit(outcome);
    end_overflowed_sessions();
  });
  backend_->set_closed_handler(
      [this, generation](const Error& reason) { on_closed(generation, reason.message); });
  handshake();
}

void MultiplexedFront::handshake() {
  handshaking_ = true;
  uint64_t generation = generation_;
  // The channel (a stdio one is shared with the prober) may answer after this front is gone.
  backend_->initialize(options_.handshake_timeout, [this, alive = std::weak_ptr<int>(alive_),
                                                    generation](mcp::JsonRpcResult result) {
    if (!alive.expired()) on_handshake(generation, std::move(result));
  });
}

void MultiplexedFront::on_handshake(uint64_t generation, mcp::JsonRpcResult result) {
  if (generation != generation_) return;
  handshaking_ = false;
  Status attached = result ? mux_.backend_attached(*result) : Status(Error{result.error()});
  auto waiting = std::move(waiting_);
  waiting_.clear();
  if (!attached) {
    spdlog::warn("server={} handshake failed error=\"{}\"", server_, attached.error());
    for (Deferred& deferred : waiting) {
      deferred.exchange->respond(make_json_rpc_error(
          http::HttpStatus::bad_gateway, request_ids_of(deferred.post), mcp::kInternalError,
          "server " + server_ + " did not answer its handshake: " + attached.error()));
    }
    return;
  }
  for (Deferred& deferred : waiting) {
    switch (deferred.kind) {
      case PostKind::kSession:
        post(std::move(deferred.exchange), std::move(deferred.post));
        break;
      case PostKind::kLegacySse:
        legacy_post(std::move(deferred.exchange), std::move(deferred.post));
        break;
      case PostKind::kStateless:
        post_stateless(std::move(deferred.exchange), std::move(deferred.post));
        break;
    }
  }
}

void MultiplexedFront::on_closed(uint64_t generation, const std::string& reason) {
  if (generation != generation_) return;
  size_t failed = mux_.attached() ? mux_.backend_closed(reason) : 0;
  spdlog::info("server={} container={} stream ended requests_failed={} reason=\"{}\"", server_,
               container_id_.substr(0, 12), failed, reason);
  retire(std::move(backend_));
  container_id_.clear();
  ++generation_;
  if (handshaking_) on_handshake(generation_, Error{reason});
}

void MultiplexedFront::send(std::string line) {
  if (backend_) backend_->send(std::move(line));
}

void MultiplexedFront::send_draining(std::string line) {
  if (draining_) draining_->send(std::move(line));
}

void MultiplexedFront::start_draining(std::shared_ptr<mcp::McpChannel> channel) {
  // A channel still draining from an earlier replacement is dropped: the multiplexer fails its
  // requests in backend_replaced().
  if (!mux_.backend_replaced()) return retire(std::move(channel));
  ++draining_generation_;
  retire(std::move(draining_));
  draining_ = std::move(channel);
  const uint64_t generation = draining_generation_;
  draining_->set_message_handler([this, generation](rapidjson::Document message) {
    if (generation != draining_generation_) return;
    sessions::Outcome outcome = mux_.from_draining(std::move(message));
    log_backend_outcome(server_, "upstream=draining", outcome);
    log_limit(outcome);
    end_overflowed_sessions();
    finish_drain_if_idle();
  });
  draining_->set_closed_handler([this, generation](const Error& reason) {
    if (generation == draining_generation_) retire_draining(reason.message);
  });
  spdlog::info("server={} old container drains requests_in_flight={}", server_,
               mux_.draining_in_flight());
  finish_drain_if_idle();
}

void MultiplexedFront::finish_drain_if_idle() {
  if (draining_ && mux_.draining_in_flight() == 0) retire_draining("drained");
}

void MultiplexedFront::retire_draining(const std::string& reason) {
  const size_t failed = mux_.draining_closed(reason);
  if (failed > 0) {
    spdlog::warn(
        "server={} old container gone before its requests finished requests_failed={} "
        "reason=\"{}\"",
        server_, failed, reason);
  }
  ++draining_generation_;
  retire(std::move(draining_));
}

void MultiplexedFront::retire(std::shared_ptr<mcp::McpChannel> channel) {
  if (!channel) return;
  channel->set_message_handler({});
  channel->set_closed_handler({});
  channels_.retire(channel);
}

MultiplexedFront::Session* MultiplexedFront::session_for(
    const std::shared_ptr<http::Exchange>& exchange, const RequestIds& requests) {
  std::string sid = session_id_of(exchange->request());
  if (sid.empty()) {
    exchange->respond(make_json_rpc_error(http::HttpStatus::bad_request, requests,
                                          mcp::kInvalidRequest,
                                          "the Mcp-Session-Id header is missing"));
    return nullptr;
  }
  auto it = sessions_.find(sid);
  if (it == sessions_.end()) {
    exchange->respond(make_json_rpc_error(http::HttpStatus::not_found, requests,
                                          mcp::kInvalidRequest,
                                          "unknown or ended session; initialize again"));
    return nullptr;
  }
  it->second.last_active = clock_.now();
  return &it->second;
}

void MultiplexedFront::get(std::shared_ptr<http::Exchange> exchange) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  Session* session = session_for(exchange);
  if (session == nullptr) return;
  if (session->stream && !session->stream->disconnected()) {
    exchange->respond(make_json_rpc_error(http::HttpStatus::conflict, mcp::kInvalidRequest,
                                          "this session already has a GET stream open"));
    return;
  }
  std::string sid = session_id_of(exchange->request());
  http::StreamHead head = http::make_stream_head(http::HttpStatus::ok, http::kEventStreamType);
  head.set("Mcp-Session-Id", sid);
  exchange->start_stream(std::move(head));
  exchange->on_disconnect([this, alive = std::weak_ptr<int>(alive_), sid,
                           stream = std::weak_ptr<http::Exchange>(exchange)] {
    if (!alive.expired()) on_stream_left(sid, stream);
  });
  session->stream = std::move(exchange);
  session->stream_backlog = StreamBacklog(options_.stream_backlog);
}

void MultiplexedFront::on_stream_left(const std::string& sid,
                                      const std::weak_ptr<http::Exchange>& stream) {
  auto it = sessions_.find(sid);
  if (it == sessions_.end() || it->second.legacy) return;
  // Releases the exchange, and with it the connection's memory; the session stays (a client may
  // open its stream again), idle until it sends something or is reaped or evicted.
  if (it->second.stream && it->second.stream == stream.lock()) it->second.stream = nullptr;
}

void MultiplexedFront::remove(std::shared_ptr<http::Exchange> exchange) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  if (session_for(exchange) == nullptr) return;
  end_session(session_id_of(exchange->request()));
  exchange->respond(http::make_text_response(http::HttpStatus::no_content, ""));
}

void MultiplexedFront::end_session(const std::string& sid) {
  auto it = sessions_.find(sid);
  if (it == sessions_.end()) return;
  Session session = std::move(it->second);
  sessions_.erase(it);
  mux_.remove_session(sid);  // cancels its requests upstream
  if (session.stream) session.stream->end();
  for (auto& [id, answer] : session.answers) {
    if (answer->gone || answer->exchange == nullptr) continue;
    if (answer->streaming) {
      answer->exchange->end();
    } else {
      answer->exchange->respond(make_json_rpc_error(http::HttpStatus::not_found,
                                                    mcp::kInternalError, "the session ended"));
    }
    answer->exchange = nullptr;
  }
}

size_t MultiplexedFront::reap(Clock::Time now) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  std::vector<std::string> idle;
  for (const auto& [sid, session] : sessions_) {
    if (session.answers.empty() && now - session.last_active > options_.idle) idle.push_back(sid);
  }
  for (const std::string& sid : idle) {
    spdlog::info("event=session-idle-ended server={}", server_);
    end_session(sid);
  }
  return idle.size();
}

bool MultiplexedFront::evictable(const std::string& sid, const Session& session) const {
  const bool stream_open = session.stream && !session.stream->disconnected();
  return !stream_open && session.answers.empty() && mux_.in_flight(sid) == 0;
}

bool MultiplexedFront::evict_idle_session() {
  auto victim = sessions_.end();
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (!evictable(it->first, it->second)) continue;
    if (victim == sessions_.end() || it->second.last_active < victim->second.last_active) {
      victim = it;
    }
  }
  if (victim == sessions_.end()) return false;
  const auto idle =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - victim->second.last_active);
  spdlog::info("event=session-evicted server={} reason=session-limit limit={} idle_s={}", server_,
               options_.max_sessions, idle.count());
  end_session(std::string(victim->first));  // a copy: end_session erases the key
  return true;
}

void MultiplexedFront::refuse_session(const std::shared_ptr<http::Exchange>& exchange,
                                      const RequestIds& requests) {
  spdlog::warn("event=session-refused server={} reason=session-limit limit={}", server_,
               options_.max_sessions);
  http::Response response = make_json_rpc_error(
      http::HttpStatus::service_unavailable, requests, mcp::kInternalError,
      "server " + server_ + " has " + std::to_string(sessions_.size()) +
          " client sessions, each with a stream open or a request in flight; try again later");
  response.set(http::beast_http::field::retry_after, std::to_string(options_.retry_after.count()));
  exchange->respond(std::move(response));
}

}  // namespace berth::proxy::front
