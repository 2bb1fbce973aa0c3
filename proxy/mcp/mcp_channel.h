#pragma once
// McpChannel: one MCP connection from berth to a server, whatever carries it — the container's
// attach stream (AttachChannel), or on its published port a legacy HTTP+SSE session (SseChannel)
// or a Streamable HTTP session (HttpChannel).
// The session front (proxy/front/MultiplexedFront) multiplexes many client sessions over one.
//
// berth is the connection's one client: it performs the handshake once (initialize, then
// notifications/initialized) and keeps the result; requests berth sends itself carry string ids
// "berth:<tag>:<n>" (the tag fresh per channel, so no id repeats across berth runs) and their
// answers go back to their callers; answers to other "berth:" ids are dropped. Every other
// message from the server goes to the message handler.
//
// Lifetime: when the connection ends (the container died, the server closed it, or close())
// every pending request fails at once and the closed handler runs once; a closed channel stays
// closed (open a new one).
//
// Implementations live on the proxy's io_context (run by one thread) and call their handlers
// there. Not thread-safe: call every method from that thread.

#include <rapidjson/document.h>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "proxy/mcp/pending_requests.h"

namespace berth::proxy::mcp {

class McpChannel {
 public:
  using MessageHandler = std::function<void(rapidjson::Document message)>;
  using ClosedHandler = std::function<void(const Error& reason)>;

  // Ids of berth's own requests start with this; client messages must keep out of that space.
  static constexpr std::string_view kIdPrefix = "berth:";
  // The protocol revision berth's own handshake asks for.
  static constexpr std::string_view kProtocolVersion = "2025-06-18";

  virtual ~McpChannel() = default;

  // Messages that are not answers to berth's own requests. Without a handler, berth answers
  // the server's requests itself (McpClientCore::dispatch) and drops the rest.
  virtual void set_message_handler(MessageHandler handler) = 0;
  // Called once when the connection ends.
  virtual void set_closed_handler(ClosedHandler handler) = 0;
  // Queues one serialized JSON-RPC message (compact JSON, one line, no newline). Messages sent
  // before the connection is up wait for it; dropped once closed.
  virtual void send(std::string message) = 0;
  // The MCP handshake, once per connection; later calls get the kept result, concurrent calls
  // share one request. `handler` gets the initialize `result` or the error, exactly once and
  // never from inside this call.
  virtual void initialize(std::chrono::milliseconds timeout, ResponseHandler handler) = 0;
  // Ends the connection (as if the server had closed it).
  virtual void close() = 0;
  [[nodiscard]] virtual bool closed() const = 0;
};

}  // namespace berth::proxy::mcp
