#pragma once
// FakeTimers: Timers whose clock stands still until the test advances it; advance() runs, in
// deadline order, the callbacks of the timers it reached. Tests of the fronts use it instead of
// sleeping: a wait of 10 s passes in one call.
// Not thread-safe: advance() runs the timers' callbacks, so call it on the io thread.

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

#include "proxy/front/timers.h"
#include "tests/base/fake_clock.h"

namespace berth::proxy::front::testing {

using FakeClock = berth::testing::FakeClock;

class FakeTimers : public Timers {
 public:
  [[nodiscard]] const Clock& clock() const override { return clock_; }
  [[nodiscard]] std::unique_ptr<Timer> make_timer() override;
  // Moves the clock on by `by`, running each timer due on the way (at its own time).
  void advance(Clock::Duration by);
  // Timers armed and not yet fired or cancelled.
  [[nodiscard]] size_t armed() const { return armed_->size(); }

 private:
  struct Armed {
    Clock::Time at;
    std::function<void()> fire;
  };
  using ArmedTimers = std::map<const Timer*, Armed>;
  class FakeTimer;

  FakeClock clock_;
  std::shared_ptr<ArmedTimers> armed_ = std::make_shared<ArmedTimers>();
};

class FakeTimers::FakeTimer : public Timer {
 public:
  explicit FakeTimer(std::weak_ptr<ArmedTimers> armed) : armed_(std::move(armed)) {}
  ~FakeTimer() override { cancel(); }
  void wait_until(Clock::Time at, std::function<void()> fire) override {
    if (auto armed = armed_.lock()) (*armed)[this] = Armed{at, std::move(fire)};
  }
  void cancel() override {
    if (auto armed = armed_.lock()) armed->erase(this);
  }

 private:
  std::weak_ptr<ArmedTimers> armed_;
};

inline std::unique_ptr<Timer> FakeTimers::make_timer() {
  return std::make_unique<FakeTimer>(armed_);
}

inline void FakeTimers::advance(Clock::Duration by) {
  const Clock::Time until = clock_.now() + by;
  for (;;) {
    auto next = std::min_element(armed_->begin(), armed_->end(), [](const auto& a, const auto& b) {
      return a.second.at < b.second.at;
    });
    if (next == armed_->end() || next->second.at > until) break;
    clock_.set(std::max(clock_.now(), next->second.at));
    std::function<void()> fire = std::move(next->second.fire);
    armed_->erase(next);
    fire();  // may arm timers again, or destroy them
  }
  clock_.set(until);
}

}  // namespace berth::proxy::front::testing
