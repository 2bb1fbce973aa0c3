#include "proxy/backends/stderr_ring.h"

#include <gtest/gtest.h>

namespace berth::proxy {
namespace {

TEST(StderrRingTest, TailGivesTheLastLinesInOrder) {
  StderrRing ring;
  EXPECT_EQ(ring.tail(10), "");
  for (const char* line : {"one", "two", "three"}) ring.append(line);
  EXPECT_EQ(ring.tail(2), "two\nthree\n");
  EXPECT_EQ(ring.tail(100), "one\ntwo\nthree\n");
  EXPECT_EQ(ring.tail(0), "");
}

TEST(StderrRingTest, KeepsAtMostMaxLines) {
  StderrRing ring;
  for (size_t i = 0; i < StderrRing::kMaxLines + 5; ++i) ring.append(std::to_string(i));
  EXPECT_EQ(ring.size(), StderrRing::kMaxLines);
  EXPECT_EQ(ring.tail(1), std::to_string(StderrRing::kMaxLines + 4) + "\n");
  EXPECT_EQ(ring.tail(StderrRing::kMaxLines).substr(0, 2), "5\n");
}

TEST(StderrRingTest, KeepsAtMostMaxBytesAndCutsLongLines) {
  StderrRing ring;
  std::string long_line(StderrRing::kMaxLineBytes * 2, 'x');
  for (int i = 0; i < 200; ++i) ring.append(long_line);
  EXPECT_LE(ring.bytes(), StderrRing::kMaxBytes);
  std::string last = ring.tail(1);
  EXPECT_EQ(last.size(), StderrRing::kMaxLineBytes + std::string("…\n").size());
  EXPECT_EQ(last.substr(last.size() - 4), "…\n");
}

}  // namespace
}  // namespace berth::proxy
