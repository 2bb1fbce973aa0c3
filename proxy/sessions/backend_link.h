#pragma once
// BackendLink: where the session multiplexer writes messages for the one stdio backend.
//
// In berth it forwards to StdioBackend::send(); tests use a fake that records. Called on the
// multiplexer's thread only; an implementation need not be thread-safe.

#include <string>

namespace berth::proxy::sessions {

class BackendLink {
 public:
  virtual ~BackendLink() = default;
  // One compact JSON-RPC message (one line, without the newline).
  virtual void send(std::string line) = 0;
};

}  // namespace berth::proxy::sessions
