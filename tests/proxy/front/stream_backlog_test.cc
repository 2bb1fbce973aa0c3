// Unit tests of StreamBacklog: a stream to a client that does not read is bounded.
#include "proxy/front/stream_backlog.h"

#include <gtest/gtest.h>

namespace berth::proxy::front {
namespace {

TEST(StreamBacklogTest, AdmitsWritesUntilTheUnwrittenBytesPassTheLimit) {
  StreamBacklog backlog(100);
  auto first = backlog.admit(60);
  ASSERT_TRUE(first);
  auto second = backlog.admit(60);  // at most `limit` before it: admitted, now 120 queued
  ASSERT_TRUE(second);
  EXPECT_EQ(backlog.queued(), 120u);
  EXPECT_FALSE(backlog.admit(1));  // past the limit: refused, nothing counted
  EXPECT_EQ(backlog.queued(), 120u);
}

TEST(StreamBacklogTest, BytesOnTheWireOrFailedLeaveTheBacklog) {
  StreamBacklog backlog(100);
  auto written = backlog.admit(80);
  auto failed = backlog.admit(80);
  ASSERT_TRUE(written && failed);
  EXPECT_FALSE(backlog.admit(1));
  (*written)(true);
  EXPECT_EQ(backlog.queued(), 80u);
  (*failed)(false);  // never written (client gone): no longer held either
  EXPECT_EQ(backlog.queued(), 0u);
  EXPECT_TRUE(backlog.admit(1));
}

TEST(StreamBacklogTest, DoneMayRunAfterTheBacklogIsGone) {
  http::WriteDone done;
  {
    StreamBacklog backlog(100);
    done = *backlog.admit(10);
  }
  done(true);  // ASan would report a use after free
}

}  // namespace
}  // namespace berth::proxy::front
