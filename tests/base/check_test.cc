#include "base/check.h"

#include <gtest/gtest.h>

#include <string>

namespace berth {
namespace {

TEST(CheckTest, PassingCheckDoesNothing) {
  int evaluated = 0;
  BERTH_CHECK(++evaluated == 1) << "never built";
  EXPECT_EQ(evaluated, 1);  // the condition runs exactly once
}

TEST(CheckTest, MessageIsBuiltOnlyOnFailure) {
  int built = 0;
  auto message = [&] { return ++built; };
  BERTH_CHECK(true) << message();
  EXPECT_EQ(built, 0);
}

TEST(CheckDeathTest, FailingCheckAbortsWithFileLineConditionAndMessage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::string name = "everything";
  EXPECT_DEATH(BERTH_CHECK(name.empty()) << "server " << name << " still queued",
               "check_test.cc:[0-9]+: check failed: name.empty\\(\\) server everything still "
               "queued");
}

TEST(CheckDeathTest, FailingCheckWithoutMessageAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(BERTH_CHECK(1 + 1 == 3), "check failed: 1 \\+ 1 == 3");
}

TEST(CheckTest, BindsAsOneStatementUnderIf) {
  bool reached = false;
  if (false)
    BERTH_CHECK(false) << "not run";
  else
    reached = true;
  EXPECT_TRUE(reached);
}

}  // namespace
}  // namespace berth
