// WorkerGroup runs jobs each on a thread of its own and lets the owner wait until all of them
// have finished. Transports use it for slow MCP calls, so a `sleep` never blocks the messages
// read after it, and stdio can drain in-flight answers before exiting at EOF.
// Thread safety: spawn() and wait_idle() may be called from any thread. The group must outlive
// its jobs: call wait_idle() before destroying it.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>

namespace berth::test_server {

class WorkerGroup {
 public:
  WorkerGroup() = default;
  WorkerGroup(const WorkerGroup&) = delete;
  WorkerGroup& operator=(const WorkerGroup&) = delete;
  ~WorkerGroup() { wait_idle(); }

  // Starts job on a new detached thread.
  void spawn(std::function<void()> job);

  // Blocks until every job spawned so far has returned.
  void wait_idle();

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int running_ = 0;  // GUARDED_BY(mutex_)
};

}  // namespace berth::test_server
