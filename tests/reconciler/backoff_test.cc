#include "reconciler/backoff.h"

#include <gtest/gtest.h>

#include <set>

namespace berth::reconciler {
namespace {

using namespace std::chrono_literals;

specs::RestartPolicy policy(std::chrono::milliseconds initial, std::chrono::milliseconds max) {
  return specs::RestartPolicy{initial, max};
}

TEST(BackoffTest, FirstRestartIsImmediateThenDoublesWithinTenPercent) {
  std::mt19937 random(42);
  auto p = policy(1s, 5min);
  EXPECT_EQ(backoff_delay(1, p, random), 0ms);
  for (int failures = 2; failures <= 6; ++failures) {
    double expected = 1000.0 * (1 << (failures - 2));
    for (int sample = 0; sample < 50; ++sample) {
      double got = static_cast<double>(backoff_delay(failures, p, random).count());
      EXPECT_GE(got, expected * 0.9 - 1) << failures;
      EXPECT_LE(got, expected * 1.1 + 1) << failures;
    }
  }
}

TEST(BackoffTest, DelayIsCappedAtMaxDelay) {
  std::mt19937 random(7);
  auto p = policy(1s, 10s);
  for (int failures : {6, 10, 40, 1000}) {
    auto got = backoff_delay(failures, p, random);
    EXPECT_GE(got, 9000ms);
    EXPECT_LE(got, 11000ms);
  }
}

TEST(BackoffTest, JitterSpreadsServersThatFailedTogether) {
  std::mt19937 random(1);
  auto p = policy(10s, 5min);
  std::set<int64_t> delays;
  for (int i = 0; i < 20; ++i) delays.insert(backoff_delay(3, p, random).count());
  EXPECT_GT(delays.size(), 10u);
}

TEST(BackoffTest, TenMinutesHealthyResetsTheCount) {
  std::mt19937 random(3);
  Backoff backoff;
  Clock::Time t0{};
  auto p = policy(1s, 5min);
  backoff.record_failure(t0, p, random);
  backoff.record_failure(t0, p, random);
  EXPECT_EQ(backoff.failures(), 2);
  backoff.record_healthy(t0, t0 + 9min);
  EXPECT_EQ(backoff.failures(), 2);
  backoff.record_healthy(t0, t0 + 10min);
  EXPECT_EQ(backoff.failures(), 0);
  EXPECT_EQ(backoff.record_failure(t0 + 10min, p, random), t0 + 10min);  // at once again
}

TEST(BackoffTest, WaitingUntilNotBefore) {
  std::mt19937 random(3);
  Backoff backoff;
  Clock::Time t0{};
  auto p = policy(1s, 5min);
  backoff.record_failure(t0, p, random);
  EXPECT_FALSE(backoff.waiting(t0));
  Clock::Time until = backoff.record_failure(t0, p, random);
  EXPECT_TRUE(backoff.waiting(t0));
  EXPECT_FALSE(backoff.waiting(until));
}

}  // namespace
}  // namespace berth::reconciler
