// RouteSnapshot pushes each table to its listeners on the io thread, once it is current, and a
// listener's subscription ends it whichever of the two goes first.

#include "proxy/front/route_snapshot.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <vector>

namespace berth::proxy::front {
namespace {

std::shared_ptr<const reconciler::RouteTable> table(uint64_t version) {
  auto made = std::make_shared<reconciler::RouteTable>();
  made->version = version;
  made->routes["demo"].server = "demo";
  return made;
}

TEST(RouteSnapshotTest, ListenersSeeEachTableOnceItIsCurrent) {
  boost::asio::io_context io;
  RouteSnapshot routes(io);
  std::vector<uint64_t> seen;
  RouteSubscription subscription =
      routes.subscribe([&] { seen.push_back(routes.current()->version); });
  routes.publish(table(1));
  routes.publish(table(2));
  EXPECT_TRUE(seen.empty());  // posted to the io thread, not run on the publisher's
  io.run();
  EXPECT_EQ(seen, (std::vector<uint64_t>{1, 2}));
}

TEST(RouteSnapshotTest, EndedSubscriptionHearsNothing) {
  boost::asio::io_context io;
  RouteSnapshot routes(io);
  int heard = 0;
  std::optional<RouteSubscription> subscription = routes.subscribe([&] { ++heard; });
  subscription.reset();  // the front is destroyed
  routes.publish(table(1));
  io.run();
  EXPECT_EQ(heard, 0);
}

TEST(RouteSnapshotTest, ListenerMayEndAnotherWhileTheyRun) {
  boost::asio::io_context io;
  RouteSnapshot routes(io);
  int second_heard = 0;
  std::optional<RouteSubscription> second;
  RouteSubscription first = routes.subscribe([&] { second.reset(); });
  second = routes.subscribe([&] { ++second_heard; });
  routes.publish(table(1));
  io.run();
  EXPECT_EQ(second_heard, 0);
}

TEST(RouteSnapshotTest, SubscriptionMayOutliveTheSnapshot) {
  RouteSubscription subscription;
  {
    boost::asio::io_context io;
    RouteSnapshot routes(io);
    subscription = routes.subscribe([] {});
  }
  subscription.reset();  // no snapshot left to tell: nothing happens
  SUCCEED();
}

}  // namespace
}  // namespace berth::proxy::front
