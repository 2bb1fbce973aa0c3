#include "proxy/front/stream_backlog.h"

namespace berth::proxy::front {

StreamBacklog::StreamBacklog(size_t limit)
    : limit_(limit), queued_(std::make_shared<std::atomic<size_t>>(0)) {}

std::optional<http::WriteDone> StreamBacklog::admit(size_t bytes) {
  if (queued_->load() > limit_) return std::nullopt;
  queued_->fetch_add(bytes);
  return [queued = queued_, bytes](bool) { queued->fetch_sub(bytes); };
}

}  // namespace berth::proxy::front
