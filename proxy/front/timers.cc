#include "proxy/front/timers.h"

#include <boost/asio/steady_timer.hpp>
#include <utility>

namespace berth::proxy::front {
namespace {

// A steady_timer whose callbacks check an arming count: a wait that completed before it was
// re-armed or cancelled (its handler already queued) does not run.
class AsioTimer : public Timer {
 public:
  explicit AsioTimer(boost::asio::io_context& io) : timer_(io) {}
  ~AsioTimer() override { cancel(); }

  void wait_until(Clock::Time at, std::function<void()> fire) override {
    const uint64_t armed = ++*armed_;
    timer_.expires_at(at);
    timer_.async_wait([count = std::weak_ptr<uint64_t>(armed_), armed,
                       fire = std::move(fire)](boost::system::error_code ec) {
      auto current = count.lock();
      if (!ec && current && *current == armed) fire();
    });
  }
  void cancel() override {
    ++*armed_;
    timer_.cancel();
  }

 private:
  boost::asio::steady_timer timer_;
  std::shared_ptr<uint64_t> armed_ = std::make_shared<uint64_t>(0);
};

}  // namespace

std::unique_ptr<Timer> AsioTimers::make_timer() { return std::make_unique<AsioTimer>(io_); }

}  // namespace berth::proxy::front
