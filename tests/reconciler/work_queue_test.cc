#include "reconciler/work_queue.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/reconciler/fakes.h"

namespace berth::reconciler {
namespace {

using namespace std::chrono_literals;
using test::FakeClock;

TEST(WorkQueueTest, DeduplicatesNamesWaitingToBeWorked) {
  FakeClock clock;
  WorkQueue queue(clock);
  queue.add("a");
  queue.add("b");
  queue.add("a");
  EXPECT_EQ(queue.try_get(), "a");
  EXPECT_EQ(queue.try_get(), "b");
  EXPECT_EQ(queue.try_get(), std::nullopt);
}

TEST(WorkQueueTest, NameAddedWhileWorkedIsQueuedAgainOnlyWhenDone) {
  FakeClock clock;
  WorkQueue queue(clock);
  queue.add("a");
  ASSERT_EQ(queue.try_get(), "a");
  queue.add("a");
  EXPECT_EQ(queue.try_get(), std::nullopt);  // never two workers on one name
  queue.done("a");
  EXPECT_EQ(queue.try_get(), "a");
  queue.done("a");
  EXPECT_EQ(queue.try_get(), std::nullopt);
}

TEST(WorkQueueTest, DelayedNameBecomesDueWhenTheClockReachesIt) {
  FakeClock clock;
  WorkQueue queue(clock);
  queue.add_after("a", 5s);
  queue.add_after("a", 2s);  // the earliest deadline wins
  EXPECT_EQ(queue.try_get(), std::nullopt);
  clock.advance(1999ms);
  EXPECT_EQ(queue.try_get(), std::nullopt);
  clock.advance(1ms);
  EXPECT_EQ(queue.try_get(), "a");
  EXPECT_EQ(queue.delayed_size(), 0u);
}

TEST(WorkQueueTest, GetBlocksUntilAddedAndShutdownReleasesIt) {
  SystemClock clock;
  WorkQueue queue(clock);
  std::optional<std::string> got;
  std::thread worker([&] { got = queue.get(); });
  queue.add("a");
  worker.join();
  EXPECT_EQ(got, "a");
  std::thread waiting([&] { got = queue.get(); });
  queue.shutdown();
  waiting.join();
  EXPECT_EQ(got, std::nullopt);
}

TEST(WorkQueueTest, GetWakesForADelayedName) {
  SystemClock clock;
  WorkQueue queue(clock);
  queue.add_after("a", 20ms);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(queue.get(), "a");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);
}

}  // namespace
}  // namespace berth::reconciler
