#pragma once
// FakeEngine: a tiny HTTP/1.1 server on a unix socket in a fresh temporary directory, standing in
// for dockerd where a test needs answers the real engine will not give (another API version, a
// broken event stream, a message echoing a secret).
//
// Each connection gets one request, handed to the test's handler together with the connection's
// file descriptor; the handler writes the raw answer (helpers below) and returns, and the
// connection is closed. Thread safety: the server runs its own threads; request_lines() may be
// called from any thread. Destruction stops everything and removes the socket.

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/mutex.h"

namespace berth::reconciler::docker::testing {

class FakeEngine {
 public:
  // `request_line` is e.g. "GET /v1.41/containers/json?all=1 HTTP/1.1".
  using Handler = std::function<void(const std::string& request_line, int fd)>;

  // Listens on `socket_path`, or on a new path in a new temporary directory when it is empty.
  explicit FakeEngine(Handler handler, std::string socket_path = {});
  ~FakeEngine();
  FakeEngine(const FakeEngine&) = delete;
  FakeEngine& operator=(const FakeEngine&) = delete;

  const std::string& socket_path() const { return socket_path_; }
  std::string endpoint() const { return "unix://" + socket_path_; }
  std::vector<std::string> request_lines() const;
  // True while the client has not closed the connection; handlers that hold a stream open poll
  // this (it waits up to `wait_ms` for the close).
  bool peer_open(int fd, int wait_ms) const;

  // Writes a complete answer with a Content-Length body (and Connection: close).
  static void write_response(int fd, int status, std::string_view body,
                             std::string_view api_version = "1.41");
  // Writes raw bytes as they are.
  static void write_raw(int fd, std::string_view bytes);
  // One chunk of a chunked body.
  static void write_chunk(int fd, std::string_view data);

 private:
  void accept_loop();
  void serve(int fd);

  Handler handler_;
  std::string directory_;  // removed on destruction when we made it
  std::string socket_path_;
  int listener_ = -1;
  std::atomic<bool> stopping_{false};
  mutable Mutex mutex_;
  std::vector<std::string> request_lines_ GUARDED_BY(mutex_);
  std::vector<std::thread> connections_ GUARDED_BY(mutex_);
  std::thread acceptor_;
};

}  // namespace berth::reconciler::docker::testing
