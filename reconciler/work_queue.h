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
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "base/clock.h"

namespace berth::reconciler {

class WorkQueue {
 public:
  explicit WorkQueue(const Clock& clock) : clock_(clock) {}

  void add(const std::string& name);
  void add_after(const std::string& name, Clock::Duration delay);
  void add_at(const std::string& name, Clock::Time when);

  // The next name to work, or nullopt once shut down. REQUIRES: done(name) afterwards.
  std::optional<std::string> get();
  // Like get(), but returns nullopt instead of waiting when nothing is due now.
  std::optional<std::string> try_get();
  void done(const std::string& name);

  void shutdown();
  void wake();  // re-checks deadlines (after a fake clock moved)

  size_t ready_size() const;
  size_t delayed_size() const;

 private:
  // REQUIRES: mutex_ held
  void add_locked(const std::string& name);
  void promote_due_locked();
  std::optional<std::string> pop_locked();

  const Clock& clock_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> ready_;               // GUARDED_BY(mutex_)
  std::set<std::string> queued_;                // names in ready_; GUARDED_BY(mutex_)
  std::set<std::string> processing_;            // GUARDED_BY(mutex_)
  std::set<std::string> dirty_;                 // added while processing; GUARDED_BY(mutex_)
  std::map<std::string, Clock::Time> delayed_;  // name → earliest deadline; GUARDED_BY(mutex_)
  bool shut_down_ = false;                      // GUARDED_BY(mutex_)
};

}  // namespace berth::reconciler
