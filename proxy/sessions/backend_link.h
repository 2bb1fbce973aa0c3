#pragma once
// BackendLink: where the session multiplexer writes messages for its backends: the current one,
// and while a replacement drains, the one being replaced.
//
// In berth the front forwards to the channels of the two containers; tests use a fake that
// records. Called on the multiplexer's thread only; an implementation need not be thread-safe.

#include <string>

namespace berth::proxy::sessions {

// Which backend a request went to, or came from. After SessionMultiplexer::backend_replaced() the
// backend that was current drains: it finishes what it was asked while a new one takes over.
enum class Upstream { kCurrent, kDraining };

class BackendLink {
 public:
  virtual ~BackendLink() = default;
  // One compact JSON-RPC message (one line, without the newline) for the current backend.
  virtual void send(std::string line) = 0;
  // The same for the draining backend: answers to its server-to-client requests and pings, and
  // cancellations of client requests in flight on it.
  virtual void send_draining(std::string line) = 0;
};

}  // namespace berth::proxy::sessions
