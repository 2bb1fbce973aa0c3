#pragma once
// Mutex and MutexLock: std::mutex and its scoped lock, annotated for Clang's thread-safety
// analysis (base/thread_annotations.h), so members marked GUARDED_BY(mutex_) are checked.
//
//   mutable Mutex mutex_;
//   int count_ GUARDED_BY(mutex_) = 0;
//   void add() EXCLUDES(mutex_) { MutexLock lock(mutex_); ++count_; }
//
// Waiting: a MutexLock waits on a std::condition_variable with wait() / wait_until(); the mutex
// is let go while waiting and held again when they return, so for the analysis it is held
// throughout. Write the condition as a loop in the caller (`while (!ready_) lock.wait(cv_);`),
// where the analysis sees the mutex held; a predicate lambda would be checked as a function of
// its own, holding nothing.
//
// Thread safety: as std::mutex. A MutexLock belongs to the thread that made it.

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "base/thread_annotations.h"

namespace berth {

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }
  // Tells the analysis the mutex is held where it cannot see it (no run-time check).
  void assert_held() const ASSERT_CAPABILITY(this) {}

 private:
  friend class MutexLock;
  std::mutex mutex_;
};

class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) ACQUIRE(mutex) : lock_(mutex.mutex_) {}
  ~MutexLock() RELEASE() {}
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  // Lets the mutex go until `cv` is notified (or wakes spuriously), then holds it again.
  void wait(std::condition_variable& cv) { cv.wait(lock_); }
  // As wait(), giving up at `deadline`; std::cv_status::timeout if it passed.
  template <typename Clock, typename Duration>
  std::cv_status wait_until(std::condition_variable& cv,
                            const std::chrono::time_point<Clock, Duration>& deadline) {
    return cv.wait_until(lock_, deadline);
  }
  template <typename Rep, typename Period>
  std::cv_status wait_for(std::condition_variable& cv,
                          const std::chrono::duration<Rep, Period>& timeout) {
    return cv.wait_for(lock_, timeout);
  }

 private:
  std::unique_lock<std::mutex> lock_;
};

}  // namespace berth
