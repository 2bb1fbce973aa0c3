#pragma once
// Clock: berth's time source (monotonic and wall), an interface so that tests can use a fake
// clock instead of sleeping. Implementations are thread-safe.

#include <chrono>

namespace berth {

class Clock {
 public:
  using Time = std::chrono::steady_clock::time_point;
  using Duration = std::chrono::steady_clock::duration;
  virtual ~Clock() = default;
  virtual Time now() const = 0;
  virtual std::chrono::system_clock::time_point wall_now() const = 0;
};

class SystemClock : public Clock {
 public:
  Time now() const override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point wall_now() const override {
    return std::chrono::system_clock::now();
  }
};

}  // namespace berth
