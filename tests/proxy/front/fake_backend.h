#pragma once
// FakeBackend: a raw-socket HTTP backend on 127.0.0.1 (port 0) for the forwarder's tests. Its
// thread accepts connections one at a time and runs the test's script on each, so a test sees
// exactly what berth sent (headers, target, body) and decides byte by byte what berth gets back
// and when (an SSE event, a stall, a close). Every wait has a timeout; nothing hangs a test.
// Thread safety: construct and destroy on the test thread; scripts run on the backend's thread
// and hand results to the test through promises.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace berth::proxy::front::testing {

using namespace std::chrono_literals;

// A request as the backend received it; header names as sent.
struct ReceivedRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  [[nodiscard]] bool has(std::string_view name) const;
  // The first value of `name` (any case), or "".
  [[nodiscard]] std::string header(std::string_view name) const;
};

// One accepted connection, open for the script's run.
class BackendConnection {
 public:
  explicit BackendConnection(int fd) : fd_(fd) {}
  BackendConnection(const BackendConnection&) = delete;
  BackendConnection& operator=(const BackendConnection&) = delete;

  // Reads one request (head and Content-Length body); nullopt on timeout, error or close.
  [[nodiscard]] std::optional<ReceivedRequest> read_request(std::chrono::milliseconds timeout = 5s);
  // Writes all of `bytes`; false if the peer is gone.
  bool write(std::string_view bytes);
  // Writes `block` over and over until `limit` bytes are written or a write cannot proceed for
  // `stall` (the peer stopped reading); returns the bytes written.
  std::size_t write_until_stalled(std::string_view block, std::size_t limit,
                                  std::chrono::milliseconds stall);
  // True once the peer closes the connection (EOF or reset) within `timeout`; bytes are dropped.
  [[nodiscard]] bool wait_closed(std::chrono::milliseconds timeout = 5s);

 private:
  // Reads more into pending_; false on timeout, error or EOF.
  bool read_more(std::chrono::milliseconds timeout);

  int fd_;
  std::string pending_;
};

// A chunk of a chunked body, as the backend writes it.
[[nodiscard]] std::string chunk(std::string_view data);
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";

class FakeBackend {
 public:
  using Script = std::function<void(BackendConnection&)>;

  explicit FakeBackend(Script script);
  ~FakeBackend();
  FakeBackend(const FakeBackend&) = delete;
  FakeBackend& operator=(const FakeBackend&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  void serve();

  Script script_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// A 127.0.0.1 port that nothing listens on (bound once, then released).
[[nodiscard]] std::uint16_t unused_port();

}  // namespace berth::proxy::front::testing
