#pragma once
// Reconciler: keeps Docker equal to the desired state for as long as it runs.
//
// Triggers only enqueue server names — a new DesiredState snapshot, a Docker event, a backoff or
// probe timer, the jittered periodic resync — and a pool of workers reconciles them through
// ServerReconciler, one name at a time per name, several names at once. A dedicated thread
// follows Docker's event stream (filtered to this instance's labels) and, after it breaks,
// reconnects with backoff and re-lists everything, since events may have been missed.
//
// Owns its threads; start() once, stop() once (it returns within about two seconds, leaving every
// container running). set_desired() and status() are thread-safe.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "reconciler/server_reconciler.h"

namespace berth::reconciler {

struct ReconcilerOptions {
  ReconcileOptions reconcile;
  int workers = 4;
  Clock::Duration resync{std::chrono::minutes(5)};
};

class Reconciler {
 public:
  Reconciler(DockerApi& docker, Prober& prober, RouteSink& routes, const Clock& clock,
             ReconcilerOptions options);
  ~Reconciler();

  // Replaces what is wanted. Invalid files keep their last valid specs (specs::carry_over_invalid).
  void set_desired(std::shared_ptr<const specs::DesiredState> desired) EXCLUDES(mutex_);
  void start();
  void stop();

  const StatusStore& status() const { return store_; }
  StatusStore& status() { return store_; }

  // Names of every server known: desired, running in Docker for this instance, or in the status.
  void enqueue_all();

 private:
  void work();
  void follow_events();
  void resync_loop();
  std::shared_ptr<const specs::DesiredState> desired() const EXCLUDES(mutex_);
  // Sleeps up to `wait`; true if stop() was called meanwhile.
  bool stop_requested_within(Clock::Duration wait) EXCLUDES(mutex_);

  DockerApi& docker_;
  const ReconcilerOptions options_;
  StatusStore store_;
  WorkQueue queue_;
  ServerReconciler server_reconciler_;

  mutable Mutex mutex_;
  std::shared_ptr<const specs::DesiredState> desired_ GUARDED_BY(mutex_);
  std::condition_variable stopping_;
  std::atomic<bool> running_{false};
  std::atomic<int> busy_workers_{0};
  std::atomic<bool> first_sync_done_{false};
  std::vector<std::thread> threads_;
};

}  // namespace berth::reconciler
