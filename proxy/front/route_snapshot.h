#pragma once
// RouteSnapshot: the proxy's side of the route hand-off. The reconciler publishes whole route
// tables from its threads; each is posted to the proxy's io_context and becomes current there,
// so request handlers (on that io_context) read the current table without a lock and keep the
// table they took for the life of their request.
//
// Listeners (subscribe()) are pushed each table once it is current, on the io thread: the fronts
// swap their channels and wake the requests waiting for a server at once, not at their next
// request. A listener runs until its RouteSubscription is destroyed; the subscription may outlive
// the snapshot and the snapshot the subscription (each holds the other weakly).

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include "reconciler/handoff/route_table.h"

namespace berth::proxy::front {

// Ends a listener when destroyed. Move-only. REQUIRES: destroyed on the io thread (or while it
// does not run).
class RouteSubscription {
 public:
  using Listeners = std::map<uint64_t, std::function<void()>>;
  RouteSubscription() = default;
  RouteSubscription(std::weak_ptr<Listeners> listeners, uint64_t id)
      : listeners_(std::move(listeners)), id_(id) {}
  RouteSubscription(RouteSubscription&& other) noexcept { *this = std::move(other); }
  RouteSubscription& operator=(RouteSubscription&& other) noexcept;
  ~RouteSubscription() { reset(); }
  void reset();

 private:
  std::weak_ptr<Listeners> listeners_;
  uint64_t id_ = 0;
};

class RouteSnapshot : public reconciler::RouteSink {
 public:
  explicit RouteSnapshot(boost::asio::io_context& io) : io_(io) {}

  // Thread-safe: hands `table` to the io_context and returns.
  void publish(std::shared_ptr<const reconciler::RouteTable> table) override;

  // REQUIRES: called on the io_context's thread. Never null.
  const std::shared_ptr<const reconciler::RouteTable>& current() const { return current_; }

  // `listener` runs on the io thread after each later table becomes current (read it with
  // current()). REQUIRES: on the io thread, or while it does not run.
  [[nodiscard]] RouteSubscription subscribe(std::function<void()> listener);

 private:
  void make_current(std::shared_ptr<const reconciler::RouteTable> table);

  boost::asio::io_context& io_;
  std::shared_ptr<const reconciler::RouteTable> current_ =
      std::make_shared<const reconciler::RouteTable>();  // io_context thread only
  std::shared_ptr<RouteSubscription::Listeners> listeners_ =
      std::make_shared<RouteSubscription::Listeners>();  // io_context thread only
  uint64_t next_listener_ = 1;
};

}  // namespace berth::proxy::front
