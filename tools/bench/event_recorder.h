// EventRecorder: records the engine's container events (with the engine's own nanosecond
// timestamps) for containers carrying given labels, on a thread of its own, so benchmarks can
// measure intervals on Docker's clock rather than their own. Thread-safe.
#pragma once

#include <atomic>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "reconciler/docker/docker_client.h"

namespace berth::bench {

class EventRecorder {
 public:
  EventRecorder(std::string docker_endpoint, reconciler::Labels labels);
  ~EventRecorder();
  EventRecorder(const EventRecorder&) = delete;
  EventRecorder& operator=(const EventRecorder&) = delete;

  // Every event recorded so far, in the order the engine sent them.
  [[nodiscard]] std::vector<reconciler::DockerEvent> events() const;

 private:
  reconciler::DockerClient docker_;
  reconciler::Labels labels_;
  std::atomic<bool> running_{true};
  mutable Mutex mutex_;
  std::vector<reconciler::DockerEvent> events_ GUARDED_BY(mutex_);
  std::thread thread_;
};

}  // namespace berth::bench
