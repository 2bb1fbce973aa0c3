#pragma once
// FakeClock: a berth::Clock that stands still until the test moves it (set or advance). Its
// wall clock moves with it. Not thread-safe: tests move it from one thread.

#include <chrono>

#include "base/clock.h"

namespace berth::testing {

class FakeClock : public Clock {
 public:
  Time now() const override { return now_; }
  std::chrono::system_clock::time_point wall_now() const override {
    return std::chrono::system_clock::time_point{} +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(now_.time_since_epoch());
  }
  void set(Time now) { now_ = now; }
  void advance(Duration by) { now_ += by; }

 private:
  Time now_ = Time{} + std::chrono::hours(1000);
};

}  // namespace berth::testing
