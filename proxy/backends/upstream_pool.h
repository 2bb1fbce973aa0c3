#pragma once
// UpstreamPool: idle keep-alive connections to ports published on 127.0.0.1, so the reverse
// proxy sends a request on a connection it already has instead of dialling (a fresh connection
// through docker-proxy costs ~0.3 ms; a kept-alive one ~0.05 ms).
//
// Policy: a connection comes back (give) only after its response was read completely and the
// backend did not say `Connection: close`; LocalHttpExchange decides that. Per port at most
// max_idle_per_port wait, the most recently given taken first (the one least likely to have been
// closed by the backend's keep-alive timeout); the oldest is closed when a port is full. A
// connection idle longer than idle_expiry is closed rather than handed out. One idle at least
// check_after is first checked with a non-blocking peek, and closed if the backend has closed it
// meanwhile or sent something unasked; a younger one is handed out as it is (under load nearly
// every connection is milliseconds old, and the peek would cost a system call per request: a
// backend that closed one anyway is caught by the exchange, which retries once on a new
// connection). Expired connections of ports no longer asked for are swept on later calls (at
// most once per idle_expiry / 2), so what is held stays bounded by max_idle_per_port per port
// that was used recently.
//
// Connections are held as Asio sockets, registered once with the io_context's reactor for their
// whole life: handing one from exchange to exchange is a move, not a deregistration and a new
// registration (two epoll_ctl and an ioctl per request when the pool held bare descriptors).
// Every socket given must belong to the io_context the pool's takers run on.
//
// Thread safety: take() and give() run on the thread that runs that io_context (the sockets'
// reactor is not to be touched from elsewhere), as does the destructor, which closes what is
// idle; the counts may be read from any thread (a mutex guards the idle lists).

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "base/clock.h"
#include "base/mutex.h"

namespace berth::proxy {

struct UpstreamPoolOptions {
  std::size_t max_idle_per_port = 16;
  // Below the 5 s keep-alive timeout common in backend frameworks (Node.js, uvicorn), so berth
  // lets go of a connection before the backend does.
  std::chrono::milliseconds idle_expiry{4'000};
  // A connection idle this long is peeked at before it is handed out.
  std::chrono::milliseconds check_after{1'000};
};

class UpstreamPool {
 public:
  using Socket = boost::asio::ip::tcp::socket;

  explicit UpstreamPool(UpstreamPoolOptions options = {},
                        std::unique_ptr<const Clock> clock = std::make_unique<SystemClock>());
  ~UpstreamPool();
  UpstreamPool(const UpstreamPool&) = delete;
  UpstreamPool& operator=(const UpstreamPool&) = delete;

  // An idle connection to 127.0.0.1:`port` that still looks open, or nullopt if there is none.
  [[nodiscard]] std::optional<Socket> take(int port) EXCLUDES(mutex_);
  // Takes back `socket`, a connection to 127.0.0.1:`port` ready for its next request.
  void give(int port, Socket socket) EXCLUDES(mutex_);

  [[nodiscard]] std::size_t idle_count(int port) const EXCLUDES(mutex_);
  [[nodiscard]] std::size_t idle_count() const EXCLUDES(mutex_);
  [[nodiscard]] const UpstreamPoolOptions& options() const { return options_; }

 private:
  struct Idle {
    Socket socket;
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
