#pragma once
// Runs a task on an io_context's thread from a test's thread and waits for it (10 s at most):
// the harnesses' way to touch io-thread-only objects. False if it did not run in time.

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <memory>

namespace berth::proxy::front::testing {

inline bool run_on_io(boost::asio::io_context& io, const std::function<void()>& task) {
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  boost::asio::post(io, [task, done] {
    task();
    done->set_value();
  });
  return future.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
}

}  // namespace berth::proxy::front::testing
