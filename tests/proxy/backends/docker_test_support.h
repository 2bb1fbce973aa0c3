#pragma once
// Helpers for the backends' integration tests: the docker CLI, containers labelled
// berth.test=backends that remove themselves, and an io_context on its own thread.
//
// Tests that need docker call require_docker() first; it fails the test (never skips) with a
// message saying what is missing. Not thread-safe except where noted.

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "proxy/backends/docker_socket_client.h"

namespace berth::proxy::testing {

inline constexpr const char* kImage = "berth/test-server:latest";
inline constexpr const char* kSocket = "/var/run/docker.sock";

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout, trailing newline removed
};

// Runs a shell command; stderr goes to the test's stderr.
CommandResult run_command(const std::string& command);

// Empty if docker answers and the image exists, else what is missing.
std::string docker_problem();

// A container of kImage started with `docker run -d --label berth.test=backends <args>`;
// removed (docker rm -f) when the object dies, even when the test failed.
class TestContainer {
 public:
  explicit TestContainer(const std::string& docker_args);
  ~TestContainer();
  TestContainer(const TestContainer&) = delete;
  TestContainer& operator=(const TestContainer&) = delete;

  bool ok() const { return !id_.empty(); }
  const std::string& id() const { return id_; }
  const std::string& error() const { return error_; }
  // The host port docker published on 127.0.0.1 for container port 3001; 0 if none.
  int published_port() const;
  // Waits until the container's stderr holds `text` (e.g. "listening"), up to `timeout`.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout) const;

 private:
  std::string id_;
  std::string error_;
};

// An io_context run by one thread of its own, like the proxy's.
class IoThread {
 public:
  IoThread();
  ~IoThread();

  boost::asio::io_context& io() { return io_; }
  DockerSocketClient docker() { return DockerSocketClient(io_, DockerEndpoint{kSocket, "1.41"}); }

  // Runs `fn` on the io thread and waits for it. Thread-safe.
  template <typename Fn>
  auto call(Fn fn) -> decltype(fn()) {
    std::packaged_task<decltype(fn())()> task(std::move(fn));
    auto result = task.get_future();
    boost::asio::post(io_, [&task] { task(); });
    return result.get();
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
};

// A value that arrives later from another thread; waits with a timeout. Thread-safe.
template <typename T>
class Eventually {
 public:
  void set(T value) {
    std::lock_guard lock(mutex_);
    if (!value_) value_.emplace(std::move(value));
    cv_.notify_all();
  }
  // The value (moved out), or nothing if it did not come within `timeout`.
  std::optional<T> wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [this] { return value_.has_value(); });
    return std::move(value_);
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<T> value_;
};

}  // namespace berth::proxy::testing

#define BERTH_REQUIRE_DOCKER()                                             \
  do {                                                                     \
    const std::string problem = ::berth::proxy::testing::docker_problem(); \
    ASSERT_TRUE(problem.empty()) << problem;                               \
  } while (false)
