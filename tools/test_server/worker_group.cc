#include "tools/test_server/worker_group.h"

#include <thread>

namespace berth::test_server {

void WorkerGroup::spawn(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    ++running_;
  }
  std::thread([this, job = std::move(job)] {
    job();
    std::lock_guard lock(mutex_);
    if (--running_ == 0) idle_.notify_all();
  }).detach();
}

void WorkerGroup::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return running_ == 0; });
}

}  // namespace berth::test_server
