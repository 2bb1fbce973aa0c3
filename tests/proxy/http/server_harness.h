#pragma once
// ServerHarness runs an HttpServer on 127.0.0.1, port 0, with its own io_context on a thread,
// for tests over real sockets (recording into `metrics` when one is given).
// Thread safety: construct and destroy on the test thread; the server runs on its own thread.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>

#include "proxy/http/http_server.h"
#include "proxy/http/request_recorder.h"
#include "proxy/http/router.h"

namespace berth::proxy::http::testing {

// Options for tests: ephemeral port, timeouts short enough to keep failing tests fast.
[[nodiscard]] HttpServerOptions test_options();

class ServerHarness {
 public:
  explicit ServerHarness(std::shared_ptr<const Router> router,
                         HttpServerOptions options = test_options(),
                         std::shared_ptr<RequestRecorder> metrics = nullptr);
  ~ServerHarness();

  [[nodiscard]] std::uint16_t port() const { return server_.port(); }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  HttpServer server_;
  std::thread thread_;
};

// Waits until predicate() holds or the deadline passes; returns the last value.
template <typename Predicate>
bool eventually(Predicate predicate,
                std::chrono::milliseconds deadline = std::chrono::milliseconds(3000)) {
  auto end = std::chrono::steady_clock::now() + deadline;
  while (!predicate()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace berth::proxy::http::testing
