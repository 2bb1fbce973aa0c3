#pragma once
// ConcurrentFakeServer: a raw-socket HTTP server on 127.0.0.1 (port 0) that runs the test's
// script on every accepted connection at once, each on its own thread — unlike FakeBackend,
// which serves one connection at a time. The channels' tests need that: an SSE or GET stream
// stays open while POSTs come and go. Scripts use FakeBackend's BackendConnection (every read
// and wait has a timeout, so a script always ends).
// Thread safety: construct and destroy on the test thread (the destructor waits for every
// script to end); scripts run concurrently and share state with the test only through
// synchronised values.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/proxy/front/fake_backend.h"

namespace berth::proxy::testing {

using front::testing::BackendConnection;

class ConcurrentFakeServer {
 public:
  using Script = std::function<void(BackendConnection&)>;

  explicit ConcurrentFakeServer(Script script);
  ~ConcurrentFakeServer();
  ConcurrentFakeServer(const ConcurrentFakeServer&) = delete;
  ConcurrentFakeServer& operator=(const ConcurrentFakeServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  // Connections accepted so far.
  [[nodiscard]] int connections() const { return connections_; }

 private:
  void accept_loop();

  Script script_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::vector<std::thread> workers_;  // guarded by mutex_
  std::thread acceptor_;
};

}  // namespace berth::proxy::testing
