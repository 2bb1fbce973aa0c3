#pragma once
// McpClientCore: berth's side, as the one client, of an MCP connection — what every McpChannel
// shares whatever carries its bytes: berth's own requests (ids "berth:<tag>:<n>", each with a
// deadline, answered exactly once), the handshake performed once and its result kept, the routing
// of each incoming message (an answer to berth's own request, or the message handler's), and the
// closed handler run once.
//
// The tag is fresh and random per core (sessions/upstream_tag.h): a stdio server outlives the
// berth run that attached to it, and its late answer to that run's "berth:" request must not
// complete this run's request of the same number. An answer to a "berth:" id of another tag is
// dropped and logged; it never reaches the message handler either.
//
// The owner (AttachChannel, SseChannel, HttpChannel) gives it `write`, which queues one serialized
// message on the connection; the core never writes itself otherwise. The owner holds the core as a
// member, so `write` may capture the owner's `this`.
//
// Lives on the owner's io_context (run by one thread); handlers run there, never from inside a
// call to the core. Not thread-safe.

#include <rapidjson/document.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/thread_affinity.h"
#include "proxy/mcp/mcp_channel.h"
#include "proxy/mcp/pending_requests.h"
#include "proxy/mcp/upstream_tag.h"

namespace berth::proxy::mcp {

class McpClientCore {
 public:
  using Write = std::function<void(std::string message)>;

  // `log_tag` prefixes log lines ("server=… container=…"); `id_tag` goes into the ids of berth's
  // own requests (tests pass a fixed one).
  McpClientCore(boost::asio::io_context& io, std::string log_tag, Write write,
                std::string id_tag = new_upstream_tag());
  McpClientCore(const McpClientCore&) = delete;
  McpClientCore& operator=(const McpClientCore&) = delete;

  void set_message_handler(McpChannel::MessageHandler handler) { on_message_ = std::move(handler); }
  void set_closed_handler(McpChannel::ClosedHandler handler) { on_closed_ = std::move(handler); }

  // Writes `{"jsonrpc":"2.0","id":"berth:<tag>:<n>","method":…,"params":…}` (params: a JSON text,
  // or empty for none); `handler` gets the result or the error once. After close(), it fails at
  // once (posted).
  void send_request(std::string_view method, std::string_view params_json,
                    std::chrono::milliseconds timeout, ResponseHandler handler);
  // See McpChannel::initialize.
  void initialize(std::chrono::milliseconds timeout, ResponseHandler handler);
  [[nodiscard]] std::shared_ptr<const rapidjson::Document> initialize_result() const {
    return init_result_;
  }

  // One message from the server: completes berth's own request, or goes to the message handler.
  // Without a handler, berth answers the server's requests itself: ping, roots/list (no roots),
  // and an error for any other.
  void dispatch(rapidjson::Document message);
  // The connection ended: pending requests fail with `reason`, then the closed handler runs
  // (once; later calls do nothing).
  void close(const Error& reason);
  [[nodiscard]] bool closed() const { return closed_; }
  [[nodiscard]] const std::string& log_tag() const { return log_tag_; }

 private:
  void on_initialize(JsonRpcResult result);
  void answer_unhandled(const rapidjson::Document& message);

  boost::asio::io_context& io_;
  const std::string log_tag_;
  const Write write_;
  const std::string id_prefix_;  // "berth:<tag>:"
  const std::string id_tag_;
  PendingRequests pending_;
  uint64_t next_id_ = 1;
  bool closed_ = false;
  std::vector<ResponseHandler> init_waiters_;  // non-empty while initialize is in flight
  std::shared_ptr<const rapidjson::Document> init_result_;
  McpChannel::MessageHandler on_message_;
  McpChannel::ClosedHandler on_closed_;
  ThreadAffinity io_thread_;  // the proxy's io thread: bound on first use, checked at entry
};

}  // namespace berth::proxy::mcp
