#pragma once
// Timers: where the fronts get their clock and their one-shot timers, so that unit tests drive
// time (a fake that fires timers when the test advances it) instead of sleeping.
//
// A Timer calls its callback once, on the proxy's io thread, at or after the time it was armed
// for, unless it is cancelled, armed again (the earlier callback never runs) or destroyed first.
// AsioTimers is the production source: SystemClock and steady_timers on the io_context.
// Not thread-safe: timers are armed, cancelled and destroyed on the io thread.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>

#include "base/clock.h"

namespace berth::proxy::front {

class Timer {
 public:
  virtual ~Timer() = default;
  virtual void wait_until(Clock::Time at, std::function<void()> fire) = 0;
  virtual void cancel() = 0;
};

class Timers {
 public:
  virtual ~Timers() = default;
  [[nodiscard]] virtual const Clock& clock() const = 0;
  [[nodiscard]] virtual std::unique_ptr<Timer> make_timer() = 0;
};

class AsioTimers : public Timers {
 public:
  explicit AsioTimers(boost::asio::io_context& io) : io_(io) {}
  [[nodiscard]] const Clock& clock() const override { return clock_; }
  [[nodiscard]] std::unique_ptr<Timer> make_timer() override;

 private:
  boost::asio::io_context& io_;
  SystemClock clock_;
};

}  // namespace berth::proxy::front
