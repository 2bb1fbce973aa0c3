#include "tools/bench/event_recorder.h"

#include <cstdio>

namespace berth::bench {

EventRecorder::EventRecorder(std::string docker_endpoint, reconciler::Labels labels)
    : docker_(docker_endpoint), labels_(std::move(labels)) {
  thread_ = std::thread([this] {
    Status ended = docker_.watch_events(
        labels_,
        [this](const reconciler::DockerEvent& event) {
          MutexLock lock(mutex_);
          events_.push_back(event);
        },
        [this] { return running_.load(); });
    if (!ended) std::fprintf(stderr, "event stream ended: %s\n", ended.error().c_str());
  });
}

EventRecorder::~EventRecorder() {
  running_ = false;
  thread_.join();
}

std::vector<reconciler::DockerEvent> EventRecorder::events() const {
  MutexLock lock(mutex_);
  return events_;
}

}  // namespace berth::bench
