// Unit tests of UpstreamPool over socket pairs (one end as an Asio socket given to the pool, the
// other kept as the "backend"): which idle connections it hands out, which it closes (the
// backend then reads EOF), and its bounds, with a fake clock.
#include "proxy/backends/upstream_pool.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace berth::proxy {
namespace {

using namespace std::chrono_literals;

constexpr int kPort = 4100;

// A clock the test moves by hand; reads the test's time point.
class ManualClock : public Clock {
 public:
  explicit ManualClock(const Time& now) : now_(now) {}
  Time now() const override { return now_; }
  std::chrono::system_clock::time_point wall_now() const override {
    return std::chrono::system_clock::now();
  }

 private:
  const Time& now_;
};

// One end of a connection goes to the pool (as a socket); the test keeps the other (the
// "backend").
struct Connection {
  int pooled = -1;  // the descriptor, for comparing with what take() hands out
  int backend = -1;
};

class UpstreamPoolTest : public ::testing::Test {
 protected:
  ~UpstreamPoolTest() override {
    for (const Connection& connection : connections_) ::close(connection.backend);
  }

  std::unique_ptr<UpstreamPool> make_pool(UpstreamPoolOptions options) {
    return std::make_unique<UpstreamPool>(options, std::make_unique<ManualClock>(now_));
  }

  Connection connect() {
    int ends[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends), 0);
    connections_.push_back(Connection{ends[0], ends[1]});
    return connections_.back();
  }

  // Gives the pooled end of `connection` to the pool.
  void give(UpstreamPool& pool, const Connection& connection, int port = kPort) {
    UpstreamPool::Socket socket(io_);
    socket.assign(boost::asio::ip::tcp::v4(), connection.pooled);
    pool.give(port, std::move(socket));
  }

  // Takes a connection and keeps it open (closed with the fixture); its descriptor, or -1.
  int take(UpstreamPool& pool, int port = kPort) {
    std::optional<UpstreamPool::Socket> socket = pool.take(port);
    if (!socket) return -1;
    taken_.push_back(std::move(*socket));
    return taken_.back().native_handle();
  }

  // Whether the pool closed the connection: its backend end reads EOF at once.
  static bool closed_by_pool(const Connection& connection) {
    pollfd entry{.fd = connection.backend, .events = POLLIN, .revents = 0};
    if (::poll(&entry, 1, 0) != 1) return false;
    char byte;
    return ::recv(connection.backend, &byte, 1, MSG_DONTWAIT) == 0;
  }

  boost::asio::io_context io_;
  Clock::Time now_ = Clock::Time{} + 1000h;
  std::vector<Connection> connections_;
  std::vector<UpstreamPool::Socket> taken_;
};

TEST_F(UpstreamPoolTest, HandsBackTheMostRecentlyGivenConnectionOfThatPort) {
  auto pool = make_pool({});
  const Connection first = connect();
  const Connection second = connect();
  const Connection other_port = connect();
  give(*pool, first);
  give(*pool, second);
  give(*pool, other_port, kPort + 1);
  EXPECT_EQ(pool->idle_count(kPort), 2u);
  EXPECT_EQ(pool->idle_count(), 3u);
  EXPECT_EQ(take(*pool), second.pooled);
  EXPECT_EQ(take(*pool), first.pooled);
  EXPECT_EQ(take(*pool), -1);
  EXPECT_EQ(take(*pool, kPort + 1), other_port.pooled);
  EXPECT_FALSE(closed_by_pool(first));
  EXPECT_FALSE(closed_by_pool(second));
}

TEST_F(UpstreamPoolTest, KeepsAtMostMaxIdlePerPortAndClosesTheOldest) {
  auto pool = make_pool({.max_idle_per_port = 2});
  const Connection oldest = connect();
  const Connection middle = connect();
  const Connection newest = connect();
  give(*pool, oldest);
  give(*pool, middle);
  give(*pool, newest);
  EXPECT_EQ(pool->idle_count(kPort), 2u);
  EXPECT_TRUE(closed_by_pool(oldest));
  EXPECT_FALSE(closed_by_pool(middle));
  EXPECT_EQ(take(*pool), newest.pooled);
  EXPECT_EQ(take(*pool), middle.pooled);
}

TEST_F(UpstreamPoolTest, ConnectionClosedByTheBackendWhileIdleIsNotHandedOut) {
  auto pool = make_pool({.check_after = 1s});
  const Connection alive = connect();
  const Connection dead = connect();
  give(*pool, alive);
  give(*pool, dead);
  ::shutdown(dead.backend, SHUT_WR);  // the backend's keep-alive timeout ran out
  now_ += 1s;                         // idle long enough to be checked
  EXPECT_EQ(take(*pool), alive.pooled);
  EXPECT_TRUE(closed_by_pool(dead));
  EXPECT_EQ(pool->idle_count(), 0u);
}

TEST_F(UpstreamPoolTest, ConnectionWithUnaskedBytesIsNotHandedOut) {
  auto pool = make_pool({.check_after = 1s});
  const Connection chatty = connect();
  give(*pool, chatty);
  ASSERT_EQ(::send(chatty.backend, "x", 1, MSG_NOSIGNAL), 1);
  now_ += 2s;
  EXPECT_EQ(take(*pool), -1);
}

// Under load every connection comes back within milliseconds: it is handed out without a system
// call, and one the backend did close in that time is the exchange's to retry.
TEST_F(UpstreamPoolTest, ConnectionIdleLessThanCheckAfterIsHandedOutUnchecked) {
  auto pool = make_pool({.check_after = 1s});
  const Connection closed = connect();
  give(*pool, closed);
  ::shutdown(closed.backend, SHUT_WR);
  now_ += 999ms;
  EXPECT_EQ(take(*pool), closed.pooled);
}

TEST_F(UpstreamPoolTest, ExpiredConnectionIsClosedInsteadOfHandedOut) {
  auto pool = make_pool({.idle_expiry = 4s});
  const Connection old = connect();
  give(*pool, old);
  now_ += 3s;
  const Connection fresh = connect();
  give(*pool, fresh);
  now_ += 2s;  // old: 5 s idle, fresh: 2 s
  EXPECT_EQ(take(*pool), fresh.pooled);
  EXPECT_EQ(take(*pool), -1);
  EXPECT_TRUE(closed_by_pool(old));
}

TEST_F(UpstreamPoolTest, ExpiredConnectionsOfAPortNoLongerAskedForAreSwept) {
  auto pool = make_pool({.idle_expiry = 4s});
  const Connection forgotten = connect();
  give(*pool, forgotten, kPort + 7);
  now_ += 5s;
  EXPECT_EQ(take(*pool), -1);  // any call sweeps
  EXPECT_EQ(pool->idle_count(), 0u);
  EXPECT_TRUE(closed_by_pool(forgotten));
}

TEST_F(UpstreamPoolTest, DestructorClosesIdleConnections) {
  auto pool = make_pool({});
  const Connection idle = connect();
  give(*pool, idle);
  pool.reset();
  EXPECT_TRUE(closed_by_pool(idle));
}

}  // namespace
}  // namespace berth::proxy
