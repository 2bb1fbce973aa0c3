// UpstreamSessions: session ids of a Streamable HTTP server are refused once its run has ended.
#include "proxy/front/upstream_sessions.h"

#include <gtest/gtest.h>

namespace berth::proxy::front {
namespace {

reconciler::Route run(std::string container, std::string started, int port) {
  reconciler::Route route;
  route.server = "web";
  route.transport = specs::TransportType::kStreamableHttp;
  route.container_id = std::move(container);
  route.started_at = std::move(started);
  route.host_port = port;
  route.ready = true;
  return route;
}

TEST(UpstreamSessionsTest, AnIdKeepsWorkingOnTheRunThatFirstSawIt) {
  UpstreamSessions sessions;
  EXPECT_FALSE(sessions.ended(run("c1", "t1", 4000), "s1"));
  EXPECT_FALSE(sessions.ended(run("c1", "t1", 4000), "s1"));
  EXPECT_EQ(sessions.size("web"), 1u);
}

TEST(UpstreamSessionsTest, AnIdOfAReplacedOrRestartedRunHasEnded) {
  UpstreamSessions sessions;
  ASSERT_FALSE(sessions.ended(run("c1", "t1", 4000), "replaced"));
  ASSERT_FALSE(sessions.ended(run("c1", "t1", 4000), "restarted"));
  ASSERT_FALSE(sessions.ended(run("c1", "t1", 4000), "moved"));
  EXPECT_TRUE(sessions.ended(run("c2", "t2", 4001), "replaced"));   // a new container
  EXPECT_TRUE(sessions.ended(run("c1", "t9", 4000), "restarted"));  // the same one, started again
  EXPECT_TRUE(sessions.ended(run("c1", "t1", 4002), "moved"));      // published on another port
  // Refused once, then forgotten: a client that initializes again may meet the id anew.
  EXPECT_EQ(sessions.size("web"), 0u);
}

TEST(UpstreamSessionsTest, IdsNeverSeenPassAndDeleteForgets) {
  UpstreamSessions sessions;
  EXPECT_FALSE(sessions.ended(run("c2", "t2", 4001), "from-before-berth-started"));
  sessions.forget("web", "from-before-berth-started");
  EXPECT_EQ(sessions.size("web"), 0u);
  EXPECT_FALSE(sessions.ended(run("c3", "t3", 4003), "from-before-berth-started"));
}

TEST(UpstreamSessionsTest, KeepsAtMostTheBoundPerServerOldestFirst) {
  UpstreamSessions sessions(3);
  for (const char* id : {"a", "b", "c", "d"}) ASSERT_FALSE(sessions.ended(run("c1", "t1", 1), id));
  EXPECT_EQ(sessions.size("web"), 3u);
  EXPECT_FALSE(sessions.ended(run("c2", "t2", 2), "a"));  // forgotten: passes as new
  EXPECT_TRUE(sessions.ended(run("c2", "t2", 2), "d"));
}

}  // namespace
}  // namespace berth::proxy::front
