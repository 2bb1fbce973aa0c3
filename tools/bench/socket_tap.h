// SocketTap: a unix-socket relay between berth and the Docker engine that notes when each
// request line passes through, so a benchmark can time berth's own reaction (a die event on
// Docker's clock → berth's start request arriving) apart from the engine's work. It listens on
// its own socket path, connects each client to the engine's socket and copies bytes both ways,
// one thread per direction. Thread-safe; the destructor stops listening and joins every thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "base/mutex.h"

namespace berth::bench {

struct TappedRequest {
  std::int64_t unix_ns = 0;  // when its first bytes arrived
  std::string line;          // "POST /v1.41/containers/<id>/start HTTP/1.1"
};

class SocketTap {
 public:
  // Listens on `path` and relays to the engine at `engine_path`; ok() is false if it cannot.
  SocketTap(std::string path, std::string engine_path);
  ~SocketTap();
  SocketTap(const SocketTap&) = delete;
  SocketTap& operator=(const SocketTap&) = delete;

  [[nodiscard]] bool ok() const { return listen_fd_ >= 0; }
  [[nodiscard]] std::vector<TappedRequest> requests() const;

 private:
  void accept_loop();
  void relay(int from, int to, bool record);
  void finish(int client, int engine);

  std::string path_;
  std::string engine_path_;
  int listen_fd_ = -1;
  std::atomic<bool> running_{true};
  mutable Mutex mutex_;
  std::vector<TappedRequest> requests_ GUARDED_BY(mutex_);
  std::vector<std::thread> threads_ GUARDED_BY(mutex_);
  std::map<int, int> connections_ GUARDED_BY(mutex_);  // client fd → relays still running
  std::thread acceptor_;
};

}  // namespace berth::bench
