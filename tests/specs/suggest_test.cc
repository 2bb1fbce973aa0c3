#include "specs/suggest.h"

#include <gtest/gtest.h>

#include <optional>
#include <string_view>

namespace berth::specs {
namespace {

constexpr std::string_view kSpecFields[] = {"image",     "pull",    "command", "args",
                                            "env",       "secrets", "volumes", "resources",
                                            "transport", "network", "health",  "restart"};
constexpr std::string_view kHealthFields[] = {"interval", "timeout", "failureThreshold"};

TEST(SuggestTest, IgnoresCase) {
  EXPECT_EQ(closest_match("IMAGE", kSpecFields), "image");
  EXPECT_EQ(closest_match("failurethreshold", kHealthFields), "failureThreshold");
}

TEST(SuggestTest, FindsOneEditInAShortWord) {
  EXPECT_EQ(closest_match("imag", kSpecFields), "image");
  EXPECT_EQ(closest_match("pul", kSpecFields), "pull");
  EXPECT_EQ(closest_match("ags", kSpecFields), "args");
}

TEST(SuggestTest, CountsASwapOfAdjacentLettersAsOneEdit) {
  constexpr std::string_view kNames[] = {"name", "labels"};
  EXPECT_EQ(closest_match("nmae", kNames), "name");
  EXPECT_EQ(closest_match("pulll", kSpecFields), "pull");
  EXPECT_EQ(closest_match("evn", kSpecFields), "env");
}

TEST(SuggestTest, AllowsTwoEditsFromFiveCharacters) {
  EXPECT_EQ(closest_match("comand", kSpecFields), "command");
  EXPECT_EQ(closest_match("cmmnd", kSpecFields), "command");
  EXPECT_EQ(closest_match("secrts", kSpecFields), "secrets");
}

TEST(SuggestTest, AllowsThreeEditsFromNineCharacters) {
  EXPECT_EQ(closest_match("failureThresh", kHealthFields), "failureThreshold");
  EXPECT_EQ(closest_match("resourcesxyz", kSpecFields), "resources");
}

TEST(SuggestTest, RejectsWordsTooFarFromEveryCandidate) {
  EXPECT_EQ(closest_match("img", kSpecFields), std::nullopt);
  EXPECT_EQ(closest_match("cmnd", kSpecFields), std::nullopt);
  EXPECT_EQ(closest_match("failureThr", kHealthFields), std::nullopt);
  EXPECT_EQ(closest_match("labels", kSpecFields), std::nullopt);
  EXPECT_EQ(closest_match("", kSpecFields), std::nullopt);
}

TEST(SuggestTest, PrefersTheNearestCandidate) {
  constexpr std::string_view kTransportFields[] = {"type", "port", "path"};
  EXPECT_EQ(closest_match("paths", kTransportFields), "path");
  EXPECT_EQ(closest_match("ports", kTransportFields), "port");
}

TEST(SuggestTest, PrefersTheEarlierCandidateOnATie) {
  constexpr std::string_view kCandidates[] = {"ac", "ad"};
  EXPECT_EQ(closest_match("ab", kCandidates), "ac");
}

TEST(SuggestTest, ReturnsNothingWithoutCandidates) {
  EXPECT_EQ(closest_match("image", {}), std::nullopt);
}

}  // namespace
}  // namespace berth::specs
