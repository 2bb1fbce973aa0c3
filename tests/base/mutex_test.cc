#include "base/mutex.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace berth {
namespace {

// A counter written the way berth's guarded classes are: the analysis checks every access.
class Counter {
 public:
  void add() EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    ++count_;
    if (count_ == target_) reached_.notify_all();
  }
  void wait_for_count(int target) EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    target_ = target;
    while (count_ < target_) lock.wait(reached_);
  }
  bool wait_briefly(int target) EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
    while (count_ < target) {
      if (lock.wait_until(reached_, deadline) == std::cv_status::timeout) return count_ >= target;
    }
    return true;
  }
  int count() const EXCLUDES(mutex_) {
    MutexLock lock(mutex_);
    return count_;
  }

 private:
  mutable Mutex mutex_;
  std::condition_variable reached_;
  int count_ GUARDED_BY(mutex_) = 0;
  int target_ GUARDED_BY(mutex_) = -1;
};

TEST(MutexTest, GuardsAcrossThreads) {
  Counter counter;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 1000; ++j) counter.add();
    });
  }
  counter.wait_for_count(4000);
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter.count(), 4000);
}

TEST(MutexTest, WaitUntilGivesUpAtTheDeadline) {
  Counter counter;
  EXPECT_FALSE(counter.wait_briefly(1));
  counter.add();
  EXPECT_TRUE(counter.wait_briefly(1));
}

}  // namespace
}  // namespace berth
