#pragma once
// StdioMultiplexer: many MCP client sessions sharing the one stdin/stdout stream of a stdio
// server. Pure logic: it reads one JSON-RPC message at a time (the caller splits batches) and
// decides what goes to the backend (BackendLink) and what to which session (SessionSink).
//
// - berth initializes the backend once (backend_attached() gets its initialize result). A
//   client's `initialize` is answered from that result, with the client's protocolVersion when
//   both it and the backend's are revisions berth supports, else the backend's; the client's
//   `notifications/initialized` is swallowed; `ping` is answered locally.
// - Forwarded requests get backend ids "s<session-seq>-<n>" (RequestIdMap) and the answer goes
//   back to the session that asked under its original id. A request's progress token becomes the
//   same backend id; progress comes back tagged with the request. Client cancellations are
//   rewritten; closing a session cancels its requests upstream ("client session closed").
// - list_changed and other notifications go to every session; `notifications/message` to the
//   sessions whose `logging/setLevel` allows its level (upstream gets the most verbose level any
//   session set); `notifications/resources/updated` to the URI's subscribers (upstream is
//   subscribed once per URI, while any session is).
// - Server-to-client requests (sampling, elicitation, roots, …) carry no sign on the wire of the
//   request that caused them, so berth guesses, in this order: the request whose progress token
//   (a backend id berth issued) the server request carries; else the in-flight request forwarded
//   most recently, among sessions whose initialize declared the capability the method needs
//   (sampling, elicitation, roots; a session that never initialized through berth counts as
//   able); else, when exactly one able session exists, that session on its standalone stream.
//   Otherwise the backend gets error -32603 "no client session can answer". Server pings are
//   answered by berth itself (berth is the backend's one client).
// - backend_closed() answers every in-flight request with error -32603 at once (never a hang)
//   and forgets upstream state; backend_attached() re-subscribes and re-sets the log level.
//
// Ownership: the BackendLink and SessionSink are borrowed and must outlive the multiplexer.
// Not thread-safe: it lives on the proxy's io_context thread; call every method from there.

#include <rapidjson/document.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "proxy/sessions/backend_link.h"
#include "proxy/sessions/id_map.h"
#include "proxy/sessions/json_rpc.h"
#include "proxy/sessions/log_levels.h"
#include "proxy/sessions/server_requests.h"
#include "proxy/sessions/session_sink.h"
#include "proxy/sessions/subscriptions.h"
#include "specs/result.h"

namespace berth::proxy::sessions {

// What the multiplexer did with one message.
enum class Disposition {
  kForwarded,  // sent on to the backend, ids rewritten
  kAnswered,   // answered by berth itself (to the client, or to the backend)
  kDelivered,  // a backend message delivered to one or more sessions
  kSwallowed,  // consumed on purpose (notifications/initialized, answers to berth's own requests)
  kRejected,   // refused with a JSON-RPC error, already delivered to the sender
  kDropped,    // ignored: unknown session, late or unknown id, nobody to deliver to
};

struct [[nodiscard]] Outcome {
  Disposition disposition;
  std::string detail;  // for logs: why, or where it went
};

class StdioMultiplexer {
 public:
  // 2024-11-05 is the revision of the legacy HTTP+SSE transport's clients (/sse/{name}).
  static constexpr std::array<std::string_view, 4> kSupportedVersions = {
      "2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"};

  StdioMultiplexer(BackendLink& backend, SessionSink& sink) : backend_(backend), sink_(sink) {}
  StdioMultiplexer(const StdioMultiplexer&) = delete;
  StdioMultiplexer& operator=(const StdioMultiplexer&) = delete;

  // Sessions. add_session is false if `id` exists. remove_session cancels the session's requests
  // upstream, fails the server's requests routed to it, and drops its subscriptions and level.
  bool add_session(const std::string& id);
  void remove_session(const std::string& id);
  bool has_session(const std::string& id) const { return sessions_.contains(id); }
  size_t session_count() const { return sessions_.size(); }
  // Requests of session `id` forwarded to the backend and not answered yet.
  size_t in_flight(const std::string& id) const { return requests_.count(id); }
  // The protocol version berth answered session `id`'s initialize with, once it did.
  std::optional<std::string> protocol_version(const std::string& id) const;

  // One message from a client session (not a batch).
  Outcome from_client(const std::string& session_id, rapidjson::Document message);
  Outcome from_client(const std::string& session_id, std::string_view json);
  // One message from the backend (not an answer to StdioBackend's own "berth:" requests).
  Outcome from_backend(rapidjson::Document message);
  Outcome from_backend(std::string_view json);

  // The backend finished its handshake; `init_result` is its initialize `result` object. Re-sends
  // upstream what sessions still want (subscriptions, log level); after a restart, tells every
  // session the tool, prompt and resource lists may have changed.
  Status backend_attached(const rapidjson::Value& init_result);
  // The backend is gone: every in-flight request fails at once with -32603 "server stopped:
  // <reason>", and requests the server sent to clients are withdrawn (notifications/cancelled).
  // Until the next backend_attached, requests get -32603 "server unavailable: <reason>".
  // Returns how many requests failed.
  size_t backend_closed(std::string_view reason);
  bool attached() const { return init_result_ != nullptr; }

 private:
  struct Session {
    uint64_t seq = 0;
    std::optional<std::string> protocol_version;
    bool capabilities_known = false;     // its initialize went through berth
    std::set<std::string> capabilities;  // keys of its initialize params.capabilities
  };
  // Where a server-to-client request goes.
  struct Route {
    std::string session;
    std::optional<std::string> related_request;
  };

  // Client side (stdio_multiplexer.cc).
  Outcome on_client_request(const std::string& sid, Session& session, rapidjson::Document& message,
                            const MessageShape& shape);
  Outcome on_client_notification(const std::string& sid, rapidjson::Document& message,
                                 std::string_view method);
  Outcome on_client_cancelled(const std::string& sid, rapidjson::Document& message);
  Outcome on_client_response(const std::string& sid, rapidjson::Document& message,
                             const MessageShape& shape);
  Outcome answer_initialize(const std::string& sid, Session& session,
                            const rapidjson::Document& message, const std::string& id);
  Outcome answer_set_level(const std::string& sid, const rapidjson::Document& message,
                           const std::string& id);
  Outcome on_subscription(const std::string& sid, Session& session, rapidjson::Document& message,
                          const MessageShape& shape, bool subscribe);
  Outcome forward(const std::string& sid, const Session& session, rapidjson::Document& message,
                  const MessageShape& shape, UpstreamEffect effect = UpstreamEffect::kNone,
                  std::string uri = "");
  Outcome answer(const std::string& sid, const std::string& id, std::string_view result);
  Outcome reject(const std::string& sid, const std::string& id, int code, std::string message);
  std::string unavailable() const { return "server unavailable: " + detached_reason_; }

  // Backend side (stdio_multiplexer_backend.cc).
  Outcome on_backend_response(rapidjson::Document& message, const MessageShape& shape);
  Outcome on_backend_request(rapidjson::Document& message, const MessageShape& shape);
  Outcome on_backend_notification(rapidjson::Document& message, std::string_view method);
  Outcome on_progress(rapidjson::Document& message);
  Outcome on_server_cancelled(rapidjson::Document& message);
  Outcome deliver_log(const rapidjson::Document& message);
  Outcome deliver_updated(const rapidjson::Document& message);
  Outcome fan_out(const std::string& json);
  std::optional<Route> route_server_request(rapidjson::Document& message, std::string_view method);
  bool can_answer(const std::string& sid, std::string_view method) const;
  void cancel_server_requests(const std::string& reason);
  void announce_list_changes();

  // Upstream state (stdio_multiplexer_backend.cc).
  void send_own_request(std::string_view method, std::string_view params);
  void sync_log_level();

  BackendLink& backend_;
  SessionSink& sink_;
  std::map<std::string, Session> sessions_;
  uint64_t next_session_seq_ = 1;
  RequestIdMap requests_;
  ServerRequestMap server_requests_;
  ResourceSubscriptions subscriptions_;
  SessionLogLevels log_levels_;
  std::optional<LogLevel> upstream_level_;           // last level sent to the current backend
  std::set<std::string, std::less<>> own_requests_;  // ids "mux-<n>" whose answers are swallowed
  uint64_t next_own_id_ = 1;
  std::unique_ptr<rapidjson::Document> init_result_;  // null while no backend is attached
  bool attached_before_ = false;
  std::string detached_reason_ = "the server has not started yet";
};

}  // namespace berth::proxy::sessions
