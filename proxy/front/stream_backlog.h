#pragma once
// StreamBacklog: how much of one event stream to a client berth has written that is not on the
// wire yet. The connection queues chunks behind its one write in flight without bound, so a
// client that stops reading its GET stream, its legacy /sse stream or a POST's event stream
// would make berth hold every message for it until the write timeout.
//
// Call admit(bytes) before each write. While the backlog is at most `limit`, the write may go
// ahead: admit counts the bytes and returns the WriteDone to pass with them, which takes them
// off once they are on the wire (or can never be). Past the limit it returns nullopt and the
// caller drops the stream (MultiplexedFront ends it). A stream so holds at most `limit` bytes
// plus one message.
//
// Owned by whoever holds the stream; the WriteDone callbacks share the count and may outlive the
// StreamBacklog. They run on the connection's strand, perhaps on another thread than admit():
// the count is atomic.

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

#include "proxy/http/http_connection.h"

namespace berth::proxy::front {

class StreamBacklog {
 public:
  // Twice a batch's answer cap (MultiplexedFront::kMaxBatchAnswerBytes): the server's answers
  // come in bursts berth cannot slow down (one stdout for every session), so a client that reads
  // must not lose its stream to a burst; only one that leaves this much unread does.
  static constexpr size_t kDefaultLimit = size_t{32} << 20;  // 32 MiB

  explicit StreamBacklog(size_t limit = kDefaultLimit);

  // The WriteDone for a write of `bytes`, or nullopt (nothing counted) past the limit.
  [[nodiscard]] std::optional<http::WriteDone> admit(size_t bytes);
  // Bytes admitted and not on the wire yet.
  [[nodiscard]] size_t queued() const { return queued_->load(); }
  [[nodiscard]] size_t limit() const { return limit_; }

 private:
  size_t limit_;
  std::shared_ptr<std::atomic<size_t>> queued_;
};

}  // namespace berth::proxy::front
