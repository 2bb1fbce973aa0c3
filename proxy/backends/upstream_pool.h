#pragma once
// UpstreamPool: idle keep-alive connections to ports published on 127.0.0.1, so the reverse
// proxy sends a request on a connection it already has instead of dialling (a fresh connection
// through docker-proxy costs ~0.3 ms; a kept-alive one ~0.05 ms).
//
// Policy: a connection comes back (give) only after its response was read completely and the
// backend did not say `Connection: close`; LocalHttpExchange decides that. Per port at most
// max_idle_per_port wait, the most recently given taken first (the one least likely to have been
// closed by the backend's keep-alive timeout); the oldest is closed when a port is full. A
// connection idle longer than idle_expiry is closed rather than handed out, and so is one the
// backend has closed meanwhile (seen by a non-blocking peek at take). Expired connections of
// ports no longer asked for are swept on later calls (at most once per idle_expiry / 2), so
// what is held stays bounded by max_idle_per_port per port that was used recently.
//
// Connections are held as bare file descriptors, not Asio sockets: a socket is bound to the
// executor (strand) of the exchange that made it, and the next exchange runs on another; the
// pool also outlives no io_context it would need. take() hands ownership of the descriptor to
// the caller; give() takes it back. The destructor closes what is idle.
//
// Thread safety: every member may be called from any thread (a mutex guards the idle lists).

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>

#include "base/clock.h"
#include "base/mutex.h"

namespace berth::proxy {

struct UpstreamPoolOptions {
  std::size_t max_idle_per_port = 16;
  // Below the 5 s keep-alive timeout common in backend frameworks (Node.js, uvicorn), so berth
  // lets go of a connection before the backend does.
  std::chrono::milliseconds idle_expiry{4'000};
};

class UpstreamPool {
 public:
  explicit UpstreamPool(UpstreamPoolOptions options = {},
                        std::unique_ptr<const Clock> clock = std::make_unique<SystemClock>());
  ~UpstreamPool();
  UpstreamPool(const UpstreamPool&) = delete;
  UpstreamPool& operator=(const UpstreamPool&) = delete;

  // An idle connection to 127.0.0.1:`port` that still looks open (a connected TCP socket's
  // descriptor, now owned by the caller), or -1 if there is none.
  [[nodiscard]] int take(int port) EXCLUDES(mutex_);
  // Takes back `fd`, a connection to 127.0.0.1:`port` ready for its next request.
  void give(int port, int fd) EXCLUDES(mutex_);

  [[nodiscard]] std::size_t idle_count(int port) const EXCLUDES(mutex_);
  [[nodiscard]] std::size_t idle_count() const EXCLUDES(mutex_);
  [[nodiscard]] const UpstreamPoolOptions& options() const { return options_; }

 private:
  struct Idle {
    int fd;
    Clock::Time since;
  };

  // Closes the connections of every port idle since before `now - idle_expiry`.
  void sweep(Clock::Time now) REQUIRES(mutex_);

  const UpstreamPoolOptions options_;
  const std::unique_ptr<const Clock> clock_;
  mutable Mutex mutex_;
  std::map<int, std::deque<Idle>> idle_ GUARDED_BY(mutex_);  // by port, oldest first
  Clock::Time last_sweep_ GUARDED_BY(mutex_);
};

}  // namespace berth::proxy
