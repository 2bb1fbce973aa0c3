#pragma once
// Prober: the MCP health check, as the reconciler asks for it and the proxy performs it.
//
// A probe is an MCP `initialize` over the server's own transport (stdio through the container's
// single attach stream, streamable-http and sse through the port published on 127.0.0.1),
// answered within the timeout. The proxy implements this interface; the reconciler calls it from
// its threads and gets the outcome later through the callback, so no reconciler thread waits on
// the network. Implementations are thread-safe.

#include <chrono>
#include <functional>
#include <string>

#include "base/result.h"
#include "specs/server_spec.h"

namespace berth::reconciler {

struct ProbeTarget {
  std::string server;
  specs::TransportType transport = specs::TransportType::kStdio;
  std::string container_id;
  int host_port = 0;
  std::string path;
  std::chrono::milliseconds timeout{5000};
};

class Prober {
 public:
  virtual ~Prober() = default;
  // Starts a probe; `done` is called exactly once, on any thread, with ok or the reason it
  // failed (timeout, connection refused, JSON-RPC error, …), never later than the timeout plus a
  // little.
  virtual void probe(const ProbeTarget& target, std::function<void(Status)> done) = 0;
  // The container is gone or replaced: release what the prober holds for it (attach streams).
  virtual void forget(const std::string& container_id) = 0;
};

}  // namespace berth::reconciler
