#include "proxy/backends/upstream_pool.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <iterator>

namespace berth::proxy {

namespace {

// Whether an idle connection is still open with nothing unread: the backend has neither closed
// it (a peek reads 0) nor sent anything unasked (a peek reads bytes), and it is not in error.
bool still_open(int fd) {
  char byte;
  const ssize_t got = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

UpstreamPool::UpstreamPool(UpstreamPoolOptions options, std::unique_ptr<const Clock> clock)
    : options_(options), clock_(std::move(clock)), last_sweep_(clock_->now()) {}

UpstreamPool::~UpstreamPool() {
  for (auto& [port, connections] : idle_) {
    for (const Idle& idle : connections) ::close(idle.fd);
  }
}

int UpstreamPool::take(int port) {
  const Clock::Time now = clock_->now();
  MutexLock lock(mutex_);
  sweep(now);
  auto it = idle_.find(port);
  if (it == idle_.end()) return -1;
  std::deque<Idle>& connections = it->second;
  while (!connections.empty()) {
    const Idle idle = connections.back();
    connections.pop_back();
    if (now - idle.since < options_.idle_expiry && still_open(idle.fd)) return idle.fd;
    spdlog::debug("event=upstream-idle-closed port={}", port);
    ::close(idle.fd);
  }
  return -1;
}

void UpstreamPool::give(int port, int fd) {
  const Clock::Time now = clock_->now();
  MutexLock lock(mutex_);
  sweep(now);
  std::deque<Idle>& connections = idle_[port];
  connections.push_back(Idle{fd, now});
  while (connections.size() > options_.max_idle_per_port) {
    ::close(connections.front().fd);
    connections.pop_front();
  }
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
      ::close(connections.front().fd);
      connections.pop_front();
    }
    it = connections.empty() ? idle_.erase(it) : std::next(it);
  }
}

}  // namespace berth::proxy
