#pragma once
// SessionMultiplexer: many MCP client sessions sharing the one stdin/stdout stream of a stdio
// server. Pure logic: it reads one JSON-RPC message at a time (the caller splits batches) and
// decides what goes to the backend (BackendLink) and what to which session (SessionSink).
//
// - berth initializes the backend once (backend_attached() gets its initialize result). A
//   client's `initialize` is answered from that result, with the client's protocolVersion when
//   both it and the backend's are revisions berth supports, else the backend's; the client's
//   `notifications/initialized` is swallowed; `ping` is answered locally.
// - Forwarded requests get backend ids "<tag>-s<session-seq>-<n>" (RequestIdMap; the tag is
//   fresh and random per multiplexer, so ids never repeat across berth runs) and the answer goes
//   back to the session that asked under its original id. An answer to an id this multiplexer
//   never issued (a server that outlived an earlier berth run answers that run's request) is
//   dropped as kForeign, never delivered. A request's progress token becomes the
//   same backend id; progress comes back tagged with the request. Client cancellations are
//   rewritten; closing a session cancels its requests upstream ("client session closed"), each
//   on the backend it went to.
// - list_changed and other notifications go to every session; `notifications/message` to the
//   sessions whose `logging/setLevel` allows its level (upstream gets the most verbose level any
//   session set); `notifications/resources/updated` to the URI's subscribers (upstream is
//   subscribed once per URI, while any session is).
// - Server-to-client requests: no client's roots, sampling answers or elicitation answers ever
//   reach a request of another client.
//   - sampling/createMessage, elicitation/create and any other go to the session of the client
//     request that caused them, named by the rules of server_request_attribution.h (its progress
//     token, or the only client request in flight on that backend), and only if that session
//     declared the capability the method needs (a session that never initialized through berth
//     counts as able). Otherwise the backend gets error -32603 saying why; no client sees it.
//   - roots/list is answered by berth itself, always, with no roots. A shared server keeps the
//     roots it is told as server-wide state (server-everything caches them at
//     notifications/initialized and on roots/list_changed, and serves them to every later caller;
//     a filesystem server would widen or narrow every client's access): one client's roots would
//     reach the others. Clients' notifications/roots/list_changed are swallowed for the same
//     reason, and berth's own handshake does not declare the roots capability (mcp::McpClientCore).
//   - ping is answered by berth itself (berth is the backend's one client).
// - Per-session limits (MultiplexerLimits) bound what one client session can make berth hold:
//   past `in_flight` forwarded requests not answered yet, or `subscriptions` resource URIs, a
//   request is refused with kLimitExceeded; past `server_requests` server-to-client requests
//   waiting for its answer, the backend's next request to it is refused the same way. Each
//   refusal's Outcome names the limit (`limit`), for the front to log.
// - Stateless clients (the modern era, 2026-07-28): a client that sends one request with its
//   context in params._meta and no session (from_stateless). berth names it by a key of the
//   front's for as long as its request is in flight. server/discover is answered by berth from
//   the backend's handshake, and so are methods the modern era dropped (initialize, ping,
//   logging/setLevel, resources/subscribe and unsubscribe: -32601), and subscriptions/listen,
//   which berth does not serve yet (-32601). Every other request is forwarded as a session's is,
//   without the io.modelcontextprotocol/* keys of its _meta (the legacy backend has berth's
//   session, not the client's; progressToken and trace context stay), and its result is made
//   modern (modern_results.h). The client is forgotten once its response is delivered;
//   cancel_stateless() (its client closed the response stream) cancels the request upstream. A
//   stateless client gets no notification but those of its request (progress): list_changed,
//   log messages and resource updates go to sessions only. Server-to-client requests attributed
//   to a stateless client's request are refused (-32603): the MRTR bridge does not exist yet.
// - backend_closed() answers every in-flight request with error -32603 at once (never a hang)
//   and forgets upstream state; backend_attached() re-subscribes and re-sets the log level.
// - Replacing the server never breaks requests in flight: backend_replaced() makes the current
//   backend the draining one (its container keeps running for a while) and detaches. Requests in
//   flight on it stay there: from_draining() delivers its answers, progress and server-to-client
//   requests as from_backend() would, and whatever berth writes for it (answers to its requests,
//   pings, cancellations) goes through BackendLink::send_draining(). Its other notifications are
//   dropped: sessions follow the new backend, which backend_attached() brings up-to-date (and
//   announces list_changed). draining_closed() fails what is left on it, as backend_closed() does
//   for the current one; a second replacement drops the older draining backend the same way.
//   Backend ids are unique across both backends, so one RequestIdMap holds both, tagged.
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
#include <utility>

#include "base/result.h"
#include "base/thread_affinity.h"
#include "proxy/mcp/json_rpc.h"
#include "proxy/sessions/backend_link.h"
#include "proxy/sessions/id_map.h"
#include "proxy/sessions/log_levels.h"
#include "proxy/sessions/server_requests.h"
#include "proxy/sessions/session_sink.h"
#include "proxy/sessions/subscriptions.h"

namespace berth::proxy::sessions {

// What the multiplexer did with one message.
enum class Disposition {
  kForwarded,  // sent on to the backend, ids rewritten
  kAnswered,   // answered by berth itself (to the client, or to the backend)
  kDelivered,  // a backend message delivered to one or more sessions
  kSwallowed,  // consumed on purpose (notifications/initialized, answers to berth's own requests)
  kRejected,   // refused with a JSON-RPC error, already delivered to the sender
  kDropped,    // ignored: unknown session, late id, malformed, nobody to deliver to
  kForeign,    // a response to an id never issued here (an earlier berth run's): dropped; log it
};

struct [[nodiscard]] Outcome {
  Outcome(Disposition disposition, std::string detail, std::string_view limit = {})
      : disposition(disposition), detail(std::move(detail)), limit(limit) {}

  Disposition disposition;
  std::string detail;      // for logs: why, or where it went; for kForeign the id (loggable_id)
  std::string_view limit;  // the MultiplexerLimits field that refused it, if one did
};

// What one client session may make berth hold; see the class comment.
struct MultiplexerLimits {
  size_t in_flight = 256;       // its requests forwarded and not answered yet
  size_t server_requests = 64;  // server-to-client requests routed to it, waiting for its answer
  size_t subscriptions = 256;   // resource URIs it is subscribed to
};

class SessionMultiplexer {
 public:
  // 2024-11-05 is the revision of the legacy HTTP+SSE transport's clients (/sse/{name}).
  static constexpr std::array<std::string_view, 4> kSupportedVersions = {
      "2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"};

  SessionMultiplexer(BackendLink& backend, SessionSink& sink, MultiplexerLimits limits = {})
      : backend_(backend), sink_(sink), limits_(limits) {}
  SessionMultiplexer(const SessionMultiplexer&) = delete;
  SessionMultiplexer& operator=(const SessionMultiplexer&) = delete;

  // Sessions. add_session is false if `id` exists. remove_session cancels the session's requests
  // upstream, fails the server's requests routed to it, and drops its subscriptions and level.
  bool add_session(const std::string& id);
  void remove_session(const std::string& id);
  bool has_session(const std::string& id) const;
  size_t session_count() const;
  // Requests of session `id` forwarded to a backend (current or draining), not answered yet.
  size_t in_flight(const std::string& id) const { return requests_.count(id); }
  // The protocol version berth answered session `id`'s initialize with, once it did.
  std::optional<std::string> protocol_version(const std::string& id) const;

  // One message from a client session (not a batch).
  Outcome from_client(const std::string& session_id, rapidjson::Document message);
  Outcome from_client(const std::string& session_id, std::string_view json);
  // The one request (or notification) of a stateless client named `key`, unique among sessions
  // and stateless clients in flight; see the class comment. A notification is dropped.
  Outcome from_stateless(const std::string& key, rapidjson::Document message);
  // The stateless client `key` left before its answer: its request is cancelled upstream.
  void cancel_stateless(const std::string& key);
  // Whether `key` names a stateless client whose request is in flight.
  bool has_stateless(const std::string& key) const;

  // One message from the backend (not an answer to mcp::McpClientCore's own "berth:" requests).
  Outcome from_backend(rapidjson::Document message);
  Outcome from_backend(std::string_view json);
  // One message from the draining backend; dropped when none is draining.
  Outcome from_draining(rapidjson::Document message);
  Outcome from_draining(std::string_view json);

  // The backend finished its handshake; `init_result` is its initialize `result` object. Re-sends
  // upstream what sessions still want (subscriptions, log level); after a restart, tells every
  // session the tool, prompt and resource lists may have changed.
  Status backend_attached(const rapidjson::Value& init_result);
  // The current backend is gone (a draining one is unaffected): every in-flight request fails at
  // once with -32603 "server stopped: <reason>", and requests the server sent to clients are
  // withdrawn (notifications/cancelled). Until the next backend_attached, requests get -32603
  // "server unavailable: <reason>". Returns how many requests failed.
  size_t backend_closed(std::string_view reason);
  bool attached() const { return init_result_ != nullptr; }

  // The current backend is being replaced: it becomes the draining backend and keeps its requests
  // in flight; until the next backend_attached, requests get -32603 "server unavailable". A
  // backend that was already draining is dropped first, as by draining_closed("the server was
  // replaced again"). False, and nothing changes, when no backend is attached: there is nothing
  // to drain (the draining backend, if any, stays).
  bool backend_replaced();
  // The draining backend is gone: its in-flight requests fail at once with -32603 "server
  // stopped: <reason>" and its requests to clients are withdrawn. Returns how many failed.
  size_t draining_closed(std::string_view reason);
  bool draining() const { return draining_; }
  // Client requests in flight on the draining backend; once 0, the front can call
  // draining_closed and close its channel (that withdraws any server request left unanswered).
  size_t draining_in_flight() const { return requests_.size(Upstream::kDraining); }

 private:
  struct Session {
    uint64_t seq = 0;
    std::optional<std::string> protocol_version;
    bool capabilities_known = false;     // its initialize went through berth
    std::set<std::string> capabilities;  // keys of its initialize params.capabilities
    bool stateless = false;              // a modern client's one request, not a session
  };
  // Where a server-to-client request goes: the session and original id of the client request
  // that caused it.
  struct Route {
    std::string session;
    std::string related_request;
  };

  // Client side (session_multiplexer.cc).
  Outcome on_client_request(const std::string& sid, Session& session, rapidjson::Document& message,
                            const mcp::MessageShape& shape);
  Outcome on_client_notification(const std::string& sid, rapidjson::Document& message,
                                 std::string_view method);
  Outcome on_client_cancelled(const std::string& sid, rapidjson::Document& message);
  Outcome on_client_response(const std::string& sid, rapidjson::Document& message,
                             const mcp::MessageShape& shape);
  Outcome answer_initialize(const std::string& sid, Session& session,
                            const rapidjson::Document& message, const std::string& id);
  Outcome answer_set_level(const std::string& sid, const rapidjson::Document& message,
                           const std::string& id);
  Outcome on_subscription(const std::string& sid, Session& session, rapidjson::Document& message,
                          const mcp::MessageShape& shape, bool subscribe);
  Outcome forward(const std::string& sid, const Session& session, rapidjson::Document& message,
                  const mcp::MessageShape& shape, UpstreamEffect effect = UpstreamEffect::kNone,
                  std::string uri = "");
  Outcome answer(const std::string& sid, const std::string& id, std::string_view result);
  // Delivers the response `message` to request `client_id` of `sid`; a stateless client is
  // forgotten after it.
  void deliver_response(const std::string& sid, std::string message, const std::string& client_id);
  // Ends session or stateless client `id`: cancels its requests upstream with `reason`, fails
  // the server's requests routed to it, drops its subscriptions and level.
  void end_session(std::map<std::string, Session>::iterator found, std::string_view reason);

  // Stateless clients (session_multiplexer_stateless.cc).
  Outcome on_stateless_request(const std::string& key, Session& client,
                               rapidjson::Document& message, const mcp::MessageShape& shape);
  Outcome reject(const std::string& sid, const std::string& id, int code, std::string message);
  // Refuses a request of `sid` for the limit `name` (of `max`).
  Outcome refuse_over_limit(const std::string& sid, const std::string& id, std::string_view name,
                            size_t max);
  std::string unavailable() const { return "server unavailable: " + detached_reason_; }

  // Backend side, for both backends (session_multiplexer_backend.cc).
  Outcome from_upstream(Upstream upstream, rapidjson::Document& message);
  Outcome on_backend_response(Upstream upstream, rapidjson::Document& message,
                              const mcp::MessageShape& shape);
  Outcome on_backend_request(Upstream upstream, rapidjson::Document& message,
                             const mcp::MessageShape& shape);
  Outcome on_backend_notification(Upstream upstream, rapidjson::Document& message,
                                  std::string_view method);
  Outcome on_progress(Upstream upstream, rapidjson::Document& message);
  Outcome on_server_cancelled(Upstream upstream, rapidjson::Document& message);
  Outcome deliver_log(const rapidjson::Document& message);
  Outcome deliver_updated(const rapidjson::Document& message);
  Outcome fan_out(const std::string& json);
  Result<Route> route_server_request(Upstream upstream, rapidjson::Document& message,
                                     std::string_view method);
  bool can_answer(const std::string& sid, std::string_view method) const;
  bool is_stateless(const std::string& id) const;

  // Lifecycle and upstream state (session_multiplexer_lifecycle.cc).
  size_t fail_upstream(Upstream upstream, const std::string& message);
  void cancel_server_requests(Upstream upstream, const std::string& reason);
  void detach(std::string_view reason);
  void announce_list_changes();
  void send_own_request(std::string_view method, std::string_view params);
  void sync_log_level();
  void send_to(Upstream upstream, std::string line);
  // Whether `upstream` is there to write to.
  bool reachable(Upstream upstream) const {
    return upstream == Upstream::kCurrent ? attached() : draining_;
  }

  BackendLink& backend_;
  SessionSink& sink_;
  const MultiplexerLimits limits_;
  std::map<std::string, Session> sessions_;
  uint64_t next_session_seq_ = 1;
  RequestIdMap requests_;
  ServerRequestMap server_requests_;
  ResourceSubscriptions subscriptions_;
  SessionLogLevels log_levels_;
  std::optional<LogLevel> upstream_level_;  // last level sent to the current backend
  // Ids "<tag>-mux-<n>" (the tag of requests_) whose answers are swallowed.
  std::set<std::string, std::less<>> own_requests_;
  std::set<std::string, std::less<>> draining_own_requests_;  // the same, sent to the draining one
  uint64_t next_own_id_ = 1;
  std::unique_ptr<rapidjson::Document> init_result_;  // null while no backend is attached
  bool attached_before_ = false;
  bool draining_ = false;  // a replaced backend is still finishing its requests
  std::string detached_reason_ = "the server has not started yet";
  ThreadAffinity io_thread_;  // the proxy's io thread: bound on first use, checked at entry
};

}  // namespace berth::proxy::sessions
