#pragma once
// WorkQueue: the reconciler's queue of server names, after client-go's workqueue.
//
// - A name queued several times before a worker takes it is worked once (de-duplication).
// - A name is never handed to two workers at once: added while being worked, it is queued
//   again only when done() is called for it.
// - add_after() queues a name at a later time (backoff timers, health intervals, resync); the
//   earliest deadline for a name wins.
// Thread-safe. get() blocks until a name is due or shutdown() is called. Deadlines are measured
// on the given Clock; with a fake clock, call wake() after moving it.

#include <condition_variable>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "base/clock.h"
#include "base/mutex.h"

namespace berth::reconciler {

class WorkQueue {
 public:
  explicit WorkQueue(const Clock& clock) : clock_(clock) {}

  void add(const std::string& name) EXCLUDES(mutex_);
  void add_after(const std::string& name, Clock::Duration delay) EXCLUDES(mutex_);
  void add_at(const std::string& name, Clock::Time when) EXCLUDES(mutex_);

  // The next name to work, or nullopt once shut down. REQUIRES: done(name) afterwards (a
  // name not handed out by get() aborts: BERTH_CHECK).
  std::optional<std::string> get() EXCLUDES(mutex_);
  // Like get(), but returns nullopt instead of waiting when nothing is due now.
  std::optional<std::string> try_get() EXCLUDES(mutex_);
  void done(const std::string& name) EXCLUDES(mutex_);

  void shutdown() EXCLUDES(mutex_);
  void wake();  // re-checks deadlines (after a fake clock moved)

  size_t ready_size() const EXCLUDES(mutex_);
  size_t delayed_size() const EXCLUDES(mutex_);

 private:
  void add_locked(const std::string& name) REQUIRES(mutex_);
  void promote_due_locked() REQUIRES(mutex_);
  std::optional<std::string> pop_locked() REQUIRES(mutex_);
  // How long get() may sleep before a delayed name is due.
  Clock::Duration next_wait_locked() const REQUIRES(mutex_);

  const Clock& clock_;
  mutable Mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> ready_ GUARDED_BY(mutex_);
  std::set<std::string> queued_ GUARDED_BY(mutex_);  // names in ready_
  std::set<std::string> processing_ GUARDED_BY(mutex_);
  std::set<std::string> dirty_ GUARDED_BY(mutex_);                 // added while processing
  std::map<std::string, Clock::Time> delayed_ GUARDED_BY(mutex_);  // name → earliest deadline
  bool shut_down_ GUARDED_BY(mutex_) = false;
};

}  // namespace berth::reconciler
