// Unit tests of UpstreamPool over socket pairs: which idle connections it hands out, which it
// closes (the peer then reads EOF), and its bounds, with a fake clock.
#include "proxy/backends/upstream_pool.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
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

// One end of a connection goes to the pool; the test keeps the other (the "backend").
struct Connection {
  int pooled = -1;
  int backend = -1;
};

class UpstreamPoolTest : public ::testing::Test {
 protected:
  ~UpstreamPoolTest() override {
    for (const Connection& connection : connections_) ::close(connection.backend);
    for (int fd : taken_) ::close(fd);
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

  // Takes a connection and keeps it (closed by the fixture).
  int take(UpstreamPool& pool, int port = kPort) {
    const int fd = pool.take(port);
    if (fd >= 0) taken_.push_back(fd);
    return fd;
  }

  // Whether the pool closed the connection: its backend end reads EOF at once.
  static bool closed_by_pool(const Connection& connection) {
    pollfd entry{.fd = connection.backend, .events = POLLIN, .revents = 0};
    if (::poll(&entry, 1, 0) != 1) return false;
    char byte;
    return ::recv(connection.backend, &byte, 1, MSG_DONTWAIT) == 0;
  }

  Clock::Time now_ = Clock::Time{} + 1000h;
  std::vector<Connection> connections_;
  std::vector<int> taken_;
};

TEST_F(UpstreamPoolTest, HandsBackTheMostRecentlyGivenConnectionOfThatPort) {
  auto pool = make_pool({});
  const Connection first = connect();
  const Connection second = connect();
  const Connection other_port = connect();
  pool->give(kPort, first.pooled);
  pool->give(kPort, second.pooled);
  pool->give(kPort + 1, other_port.pooled);
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
  pool->give(kPort, oldest.pooled);
  pool->give(kPort, middle.pooled);
  pool->give(kPort, newest.pooled);
  EXPECT_EQ(pool->idle_count(kPort), 2u);
  EXPECT_TRUE(closed_by_pool(oldest));
  EXPECT_FALSE(closed_by_pool(middle));
  EXPECT_EQ(take(*pool), newest.pooled);
  EXPECT_EQ(take(*pool), middle.pooled);
}

TEST_F(UpstreamPoolTest, ConnectionClosedByTheBackendWhileIdleIsNotHandedOut) {
  auto pool = make_pool({});
  const Connection alive = connect();
  const Connection dead = connect();
  pool->give(kPort, alive.pooled);
  pool->give(kPort, dead.pooled);
  ::shutdown(dead.backend, SHUT_WR);  // the backend's keep-alive timeout ran out
  EXPECT_EQ(take(*pool), alive.pooled);
  EXPECT_TRUE(closed_by_pool(dead));
  EXPECT_EQ(pool->idle_count(), 0u);
}

TEST_F(UpstreamPoolTest, ConnectionWithUnaskedBytesIsNotHandedOut) {
  auto pool = make_pool({});
  const Connection chatty = connect();
  pool->give(kPort, chatty.pooled);
  ASSERT_EQ(::send(chatty.backend, "x", 1, MSG_NOSIGNAL), 1);
  EXPECT_EQ(take(*pool), -1);
}

TEST_F(UpstreamPoolTest, ExpiredConnectionIsClosedInsteadOfHandedOut) {
  auto pool = make_pool({.idle_expiry = 4s});
  const Connection old = connect();
  pool->give(kPort, old.pooled);
  now_ += 3s;
  const Connection fresh = connect();
  pool->give(kPort, fresh.pooled);
  now_ += 2s;  // old: 5 s idle, fresh: 2 s
  EXPECT_EQ(take(*pool), fresh.pooled);
  EXPECT_EQ(take(*pool), -1);
  EXPECT_TRUE(closed_by_pool(old));
}

TEST_F(UpstreamPoolTest, ExpiredConnectionsOfAPortNoLongerAskedForAreSwept) {
  auto pool = make_pool({.idle_expiry = 4s});
  const Connection forgotten = connect();
  pool->give(kPort + 7, forgotten.pooled);
  now_ += 5s;
  EXPECT_EQ(take(*pool), -1);  // any call sweeps
  EXPECT_EQ(pool->idle_count(), 0u);
  EXPECT_TRUE(closed_by_pool(forgotten));
}

TEST_F(UpstreamPoolTest, DestructorClosesIdleConnections) {
  auto pool = make_pool({});
  const Connection idle = connect();
  pool->give(kPort, idle.pooled);
  pool.reset();
  EXPECT_TRUE(closed_by_pool(idle));
}

}  // namespace
}  // namespace berth::proxy
