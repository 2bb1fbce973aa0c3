#include "base/callback_guard.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>

namespace berth {
namespace {

using namespace std::chrono_literals;

TEST(CallbackGuardTest, RunsWhileTheGuardLives) {
  CallbackGuard guard;
  int got = 0;
  auto callback = guard.wrap([&](int value) { got = value; });
  callback(7);
  EXPECT_EQ(got, 7);
}

TEST(CallbackGuardTest, DoesNothingOnceTheGuardIsGone) {
  int calls = 0;
  std::function<void()> callback;
  {
    CallbackGuard guard;
    callback = guard.wrap([&] { ++calls; });
  }
  callback();
  EXPECT_EQ(calls, 0);
}

TEST(CallbackGuardTest, DestructorWaitsForACallRunningOnAnotherThread) {
  std::atomic<bool> entered{false};
  std::atomic<bool> finished{false};
  auto guard = std::make_unique<CallbackGuard>();
  auto callback = guard->wrap([&] {
    entered = true;
    std::this_thread::sleep_for(50ms);
    finished = true;
  });
  std::thread other(callback);
  while (!entered) std::this_thread::yield();
  guard.reset();  // must not return while the callback runs
  EXPECT_TRUE(finished);
  other.join();
}

}  // namespace
}  // namespace berth
