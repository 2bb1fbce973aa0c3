#pragma once
// UnansweredRequests: the requests of one POST whose answers have not yet passed on the server's
// SSE answer stream. When a Streamable HTTP server breaks that stream off (its container died
// mid-call), berth ends the client's stream with a JSON-RPC error for each of them instead of
// leaving the client to wait for answers that will never come (SDK clients would wait for their
// request timeout).
//
// Made only for POSTs answered as an event stream; it watches the events passing through
// without holding them. A plain value; not thread-safe (one ForwardCall's strand).

#include <set>
#include <string>
#include <string_view>

#include "proxy/mcp/sse_parser.h"

namespace berth::proxy::front {

class UnansweredRequests {
 public:
  // The requests in a POST body: one JSON-RPC message or a batch. Anything else has none.
  explicit UnansweredRequests(std::string_view post_body);

  // Bytes of the answer stream as they pass; a response to one of the requests strikes it.
  void watch(std::string_view bytes);
  [[nodiscard]] bool empty() const { return ids_.empty(); }
  [[nodiscard]] size_t size() const { return ids_.size(); }
  // One SSE `message` event per request still unanswered, each a JSON-RPC error -32603.
  [[nodiscard]] std::string error_events(std::string_view message) const;

 private:
  void on_event(const mcp::SseEvent& event);

  std::set<std::string> ids_;  // raw JSON ids
  mcp::SseParser events_;
  bool watching_ = true;  // false once the stream stopped parsing (an event too large)
};

}  // namespace berth::proxy::front
