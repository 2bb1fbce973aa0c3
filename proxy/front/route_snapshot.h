#pragma once
// RouteSnapshot: the proxy's side of the route hand-off. The reconciler publishes whole route
// tables from its threads; each is posted to the proxy's io_context and becomes current there,
// so request handlers (on that io_context) read the current table without a lock and keep the
// table they took for the life of their request.

#include <boost/asio/io_context.hpp>
#include <memory>

#include "reconciler/handoff/route_table.h"

namespace berth::proxy::front {

class RouteSnapshot : public reconciler::RouteSink {
 public:
  explicit RouteSnapshot(boost::asio::io_context& io) : io_(io) {}

  // Thread-safe: hands `table` to the io_context and returns.
  void publish(std::shared_ptr<const reconciler::RouteTable> table) override;

  // REQUIRES: called on the io_context's thread. Never null.
  const std::shared_ptr<const reconciler::RouteTable>& current() const { return current_; }

 private:
  boost::asio::io_context& io_;
  std::shared_ptr<const reconciler::RouteTable> current_ =
      std::make_shared<const reconciler::RouteTable>();  // io_context thread only
};

}  // namespace berth::proxy::front
