#pragma once
// MultiplexedFront: /mcp/{name} for a server berth talks to as its one client — the client
// sessions of that server multiplexed, through a sessions::SessionMultiplexer, over one
// mcp::McpChannel: the container's attach stream for a stdio server, one legacy HTTP+SSE session
// for an sse server.
//
// A POST with an `initialize` opens a session (a fresh Mcp-Session-Id, answered from the
// backend's own initialize result); every other request needs a known session id (400 without
// one, 404 for an unknown or ended one). A POST of notifications or responses only gets 202. A
// POST with requests is answered with application/json when its one response is the first
// thing that comes back for it, else as an SSE stream carrying the related messages (progress,
// server-to-client requests) and then the responses. GET opens the session's one standalone SSE
// stream (409 if one is open); messages for no request (list_changed, …) go there. DELETE ends
// the session: its requests in flight are cancelled upstream and its open answers end.
// Sessions that send nothing for `idle` are reaped (an open GET stream alone keeps none alive).
// A GET stream whose client leaves is let go at once (the SDK's close() drops it without DELETE).
//
// At most `max_sessions` sessions are kept. An initialize (or legacy stream) past that evicts the
// session idle longest among those with no open stream and no request in flight (logged
// `event=session-evicted`; its client gets 404 and initializes again); when every session has
// one, the new session is refused with 503, Retry-After and a JSON-RPC error
// (`event=session-refused`). So abandoned sessions cost a bounded amount, and live ones are never
// cut off for a newcomer.
//
// Limits, so one client cannot make berth hold without bound (each logged as `limit=…`):
// - an event stream (GET, legacy /sse, or a POST's answer) whose client leaves more than
//   options.stream_backlog (by default StreamBacklog::kDefaultLimit) unread is ended: a GET
//   stream's later messages are dropped until the client opens another; a legacy session ends
//   (its next POST gets 404); a POST's later messages fall back to the GET stream, as when its
//   client has gone;
// - the answers to one batch carry at most kMaxBatchAnswerBytes: each response past that is
//   replaced by JSON-RPC error kLimitExceeded naming its request, notifications are dropped;
// - the multiplexer's per-session limits (MultiplexerLimits) refuse requests with JSON-RPC errors.
//
// A POST of the modern era (2026-07-28; McpFront classified and checked it) is served without a
// session: its one request goes to the multiplexer as a stateless client's (a key of its own for
// as long as it is in flight, never an Mcp-Session-Id), and is answered as a session's POST is
// (JSON, or SSE when progress comes first, with `X-Accel-Buffering: no`), without the session
// header; a -32601 error is answered with 404, as the modern era asks. A client that closes the
// POST before its answer cancels the request upstream. A modern notification gets 202 and goes
// nowhere (the era defines none over HTTP). Stateless clients are not sessions: they count
// toward no session limit and are never reaped or evicted (each holds a connection, and
// connections are bounded).
//
// The legacy HTTP+SSE transport (/sse/{name}, for clients such as n8n) uses the same sessions:
// its GET stream opens one and carries every message for it, starting with the `endpoint` event
// that names where to POST (`/sse/{name}/messages?sessionId=…`); its POSTs get 202; the session
// ends with the stream.
//
// The front binds to the container the route names: bind() takes its channel from the
// ChannelSource (for stdio, AttachChannels, so the prober and the clients share the one stream)
// and switches after a replacement; requests that arrive before the backend's handshake is done
// wait for it. When the channel ends, requests in flight fail at once with a JSON-RPC error.
// A replacement never breaks requests in flight: the old container's channel drains — its
// requests finish there, their progress and server requests still reach their sessions — and is
// retired once none is left (or when it ends, failing what remains; the reconciler removes the
// old container after its drain period). The ChannelSource is told when the front is done with a
// channel (an SSE session is closed then; an attach stream stays, shared with the prober).
//
// Owned by McpFront, which may destroy it (the server is gone) while callbacks it gave out are
// pending — the channel's handshake answer, the disconnect handlers of its clients' streams:
// those hold a weak_ptr to `alive_` and do nothing once the front is gone.
// Lives on the proxy's io_context, which one thread runs. Not thread-safe: every method runs on
// that thread (HTTP handlers do).

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/thread_affinity.h"
#include "proxy/front/channel_source.h"
#include "proxy/front/mcp_request_checks.h"
#include "proxy/front/stream_backlog.h"
#include "proxy/http/exchange.h"
#include "proxy/mcp/mcp_channel.h"
#include "proxy/sessions/session_id.h"
#include "proxy/sessions/session_multiplexer.h"
#include "reconciler/handoff/route_table.h"

namespace berth::proxy::front {

struct MultiplexedFrontOptions {
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds idle{std::chrono::minutes(30)};
  // Client sessions kept for the server; see the eviction rule above.
  size_t max_sessions = 1024;
  std::chrono::seconds retry_after{2};  // told to an initialize refused for want of room
  // The most bytes a client may leave unread on one stream before it is ended (see above).
  size_t stream_backlog = StreamBacklog::kDefaultLimit;
};

class MultiplexedFront : private sessions::BackendLink, private sessions::SessionSink {
 public:
  // The most bytes of messages the answer to one batch carries (see above).
  static constexpr size_t kMaxBatchAnswerBytes = size_t{16} << 20;

  // `channels` and `clock` must outlive the front.
  MultiplexedFront(std::string server, ChannelSource& channels, const Clock& clock,
                   MultiplexedFrontOptions options);
  ~MultiplexedFront() override;
  MultiplexedFront(const MultiplexedFront&) = delete;
  MultiplexedFront& operator=(const MultiplexedFront&) = delete;

  // Uses the route's container from now on (a no-op while it is the one in use).
  void bind(const reconciler::Route& route);
  void post(std::shared_ptr<http::Exchange> exchange, McpPost post);
  void get(std::shared_ptr<http::Exchange> exchange);
  void remove(std::shared_ptr<http::Exchange> exchange);
  // Legacy HTTP+SSE: opens a session on this stream; its POSTs go to `messages_path`.
  void open_legacy_stream(std::shared_ptr<http::Exchange> exchange,
                          const std::string& messages_path);
  void legacy_post(std::shared_ptr<http::Exchange> exchange, McpPost post);
  // A POST of the modern era, checked (modern_request_checks.h).
  void post_stateless(std::shared_ptr<http::Exchange> exchange, McpPost post);
  // Ends the sessions that sent nothing for longer than the idle limit; how many.
  size_t reap(Clock::Time now);
  [[nodiscard]] size_t session_count() const { return sessions_.size(); }
  // Requests of stateless (modern) clients waiting for their answer.
  [[nodiscard]] size_t stateless_in_flight() const { return stateless_.size(); }
  // True while an old container's channel finishes its requests.
  [[nodiscard]] bool draining() const { return draining_ != nullptr; }

 private:
  // The answer to one POST that carried requests.
  struct PostAnswer {
    std::shared_ptr<http::Exchange> exchange;
    std::set<std::string> waiting;  // raw ids of its requests not answered yet
    std::string session_id;         // empty for a stateless client's
    bool batch = false;
    bool streaming = false;
    bool gone = false;    // the client disconnected, or left too much unread
    size_t bytes = 0;     // of the messages it carried (a batch's are capped)
    bool capped = false;  // a response was replaced for the batch cap
    StreamBacklog backlog;
  };
  struct Session {
    Clock::Time last_active;
    bool legacy = false;                     // /sse/{name}: every message goes on `stream`
    std::shared_ptr<http::Exchange> stream;  // the GET stream, if open
    StreamBacklog stream_backlog;            // of `stream`
    std::map<std::string, std::shared_ptr<PostAnswer>> answers;  // by raw request id
  };

  void send(std::string line) override;
  void send_draining(std::string line) override;
  void deliver(const std::string& session_id, std::string message,
               std::optional<std::string> related_request, sessions::MessageKind kind) override;

  // How a POST is served: in a session of /mcp/{name}, of /sse/{name}, or without one.
  enum class PostKind { kSession, kLegacySse, kStateless };

  void defer(std::shared_ptr<http::Exchange> exchange, McpPost post, PostKind kind);
  void handshake();
  void on_handshake(uint64_t generation, mcp::JsonRpcResult result);
  void on_closed(uint64_t generation, const std::string& reason);
  // The current channel is being replaced: it drains if the multiplexer has requests on it.
  void start_draining(std::shared_ptr<mcp::McpChannel> channel);
  // Retires the draining channel once nothing is in flight on it.
  void finish_drain_if_idle();
  void retire_draining(const std::string& reason);
  // Stops listening to `channel` and hands it back to the ChannelSource.
  void retire(std::shared_ptr<mcp::McpChannel> channel);
  // The session the exchange names, or null after answering 400 or 404 (echoing `requests`).
  Session* session_for(const std::shared_ptr<http::Exchange>& exchange,
                       const RequestIds& requests = {});
  std::optional<std::string> open_session(const std::shared_ptr<http::Exchange>& exchange,
                                          const RequestIds& requests = {});
  // Makes room for one more session by evicting an idle one; false if none can go.
  bool evict_idle_session();
  [[nodiscard]] bool evictable(const std::string& sid, const Session& session) const;
  void refuse_session(const std::shared_ptr<http::Exchange>& exchange, const RequestIds& requests);
  // The GET stream `stream` of session `sid` was left by its client.
  void on_stream_left(const std::string& sid, const std::weak_ptr<http::Exchange>& stream);
  void answer_post(const std::string& sid, std::shared_ptr<http::Exchange> exchange, McpPost post);
  bool deliver_to_answer(Session& session, const std::string& related, std::string& message,
                         sessions::MessageKind kind);
  void deliver_stateless(const std::string& key, std::string& message,
                         const std::optional<std::string>& related, sessions::MessageKind kind);
  // The stateless client `key` closed its POST before the answer.
  void on_stateless_left(const std::string& key);
  // Applies the batch answer cap to `message` for `answer`; false if it is dropped.
  bool within_batch_cap(PostAnswer& answer, const std::string& related, std::string& message,
                        sessions::MessageKind kind);
  // Writes `message` as an event on the session's stream; ends the stream past its backlog.
  void write_to_stream(const std::string& session_id, Session& session, const std::string& message);
  // Hands one client message to the multiplexer, logging a refusal for a limit.
  void from_client(const std::string& sid, rapidjson::Document message);
  // Logs what the multiplexer refused for a limit, if it did.
  void log_limit(const sessions::Outcome& outcome) const;
  // Ends the legacy sessions whose stream was ended for its backlog (deliver() cannot: it runs
  // inside the multiplexer).
  void end_overflowed_sessions();
  void end_session(const std::string& sid);

  const std::string server_;
  ChannelSource& channels_;
  const Clock& clock_;
  const MultiplexedFrontOptions options_;
  sessions::SessionMultiplexer mux_;
  sessions::SessionIdGenerator ids_;
  std::shared_ptr<mcp::McpChannel> backend_;
  std::string container_id_;
  uint64_t generation_ = 0;  // bumped per bind; callbacks of older backends are ignored
  std::shared_ptr<mcp::McpChannel> draining_;  // the replaced container's, while it drains
  uint64_t draining_generation_ = 0;           // likewise for draining channels
  bool handshaking_ = false;
  struct Deferred {
    std::shared_ptr<http::Exchange> exchange;
    McpPost post;
    PostKind kind = PostKind::kSession;
  };
  std::vector<Deferred> waiting_;  // POSTs waiting for the handshake
  std::map<std::string, Session> sessions_;
  // Stateless clients by their key, each with the one answer it waits for.
  std::map<std::string, Session> stateless_;
  uint64_t next_stateless_ = 1;
  std::vector<std::string> overflowed_;  // legacy sessions whose stream ended for its backlog
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // expires with this object
  ThreadAffinity io_thread_;  // the proxy's io thread: bound on first use, checked at entry
};

}  // namespace berth::proxy::front
