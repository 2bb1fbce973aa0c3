#include "proxy/backends/upstream_pool.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>
#include <iterator>
#include <utility>

namespace berth::proxy {

namespace {

// Whether an idle connection is still open with nothing unread: the backend has neither closed
// it (a peek reads 0) nor sent anything unasked (a peek reads bytes), and it is not in error.
bool still_open(UpstreamPool::Socket& socket) {
  char byte;
  const ssize_t got = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

UpstreamPool::UpstreamPool(UpstreamPoolOptions options, std::unique_ptr<const Clock> clock)
    : options_(options), clock_(std::move(clock)), last_sweep_(clock_->now()) {}

// The idle sockets close as the map goes.
UpstreamPool::~UpstreamPool() = default;

std::optional<UpstreamPool::Socket> UpstreamPool::take(int port) {
  const Clock::Time now = clock_->now();
  MutexLock lock(mutex_);
  sweep(now);
  auto it = idle_.find(port);
  if (it == idle_.end()) return std::nullopt;
  std::deque<Idle>& connections = it->second;
  while (!connections.empty()) {
    Idle idle = std::move(connections.back());
    connections.pop_back();
    const Clock::Duration idle_for = now - idle.since;
    if (idle_for < options_.idle_expiry &&
        (idle_for < options_.check_after || still_open(idle.socket))) {
      return std::move(idle.socket);
    }
    spdlog::debug("event=upstream-idle-closed port={}", port);
  }
  return std::nullopt;
}

void UpstreamPool::give(int port, Socket socket) {
  const Clock::Time now = clock_->now();
  MutexLock lock(mutex_);
  sweep(now);
  std::deque<Idle>& connections = idle_[port];
  connections.push_back(Idle{std::move(socket), now});
  while (connections.size() > options_.max_idle_per_port) connections.pop_front();
}

std::size_t UpstreamPool::idle_count(int port) const {
  MutexLock lock(mutex_);
  auto it = idle_.find(port);
  return it == idle_.end() ? 0 : it->second.size();
}

std::size_t UpstreamPool::idle_count() const {
  MutexLock lock(mutex_);
  std::size_t count = 0;
  for (const auto& [port, connections] : idle_) count += connections.size();
  return count;
}

void UpstreamPool::sweep(Clock::Time now) {
  if (now - last_sweep_ < options_.idle_expiry / 2) return;
  last_sweep_ = now;
  for (auto it = idle_.begin(); it != idle_.end();) {
    std::deque<Idle>& connections = it->second;
    while (!connections.empty() && now - connections.front().since >= options_.idle_expiry) {
      connections.pop_front();
    }
    it = connections.empty() ? idle_.erase(it) : std::next(it);
  }
}

}  // namespace berth::proxy
