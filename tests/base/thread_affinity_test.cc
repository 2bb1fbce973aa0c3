#include "base/thread_affinity.h"

#include <gtest/gtest.h>

#include <thread>

namespace berth {
namespace {

TEST(ThreadAffinityTest, BindsToTheFirstThreadThatChecks) {
  ThreadAffinity affinity;
  bool other_first = false;
  std::thread([&] { other_first = affinity.on_bound_thread(); }).join();
  EXPECT_TRUE(other_first);
  EXPECT_FALSE(affinity.on_bound_thread());  // this thread came second
}

TEST(ThreadAffinityTest, SameThreadPassesEveryTime) {
  ThreadAffinity affinity;
  EXPECT_TRUE(affinity.on_bound_thread());
  EXPECT_TRUE(affinity.on_bound_thread());
}

TEST(ThreadAffinityTest, RebindMovesItToTheCallingThread) {
  ThreadAffinity affinity;
  ASSERT_TRUE(affinity.on_bound_thread());
  std::thread([&] {
    affinity.bind_to_this_thread();
    EXPECT_TRUE(affinity.on_bound_thread());
  }).join();
  EXPECT_FALSE(affinity.on_bound_thread());
}

TEST(ThreadAffinityTest, CopyStartsUnbound) {
  ThreadAffinity affinity;
  ASSERT_TRUE(affinity.on_bound_thread());
  ThreadAffinity copy = affinity;
  std::thread([&] { EXPECT_TRUE(copy.on_bound_thread()); }).join();
}

TEST(ThreadAffinityDeathTest, CallFromAnotherThreadAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  ThreadAffinity io_thread;
  BERTH_CHECK_ON_THREAD(io_thread);  // binds this thread
  EXPECT_DEATH(std::thread([&] { BERTH_CHECK_ON_THREAD(io_thread); }).join(),
               "check failed: .*called from another thread than the one io_thread is bound to");
}

}  // namespace
}  // namespace berth
