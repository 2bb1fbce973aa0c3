#include "proxy/http/router.h"

#include <gtest/gtest.h>

namespace berth::proxy::http {
namespace {

Handler noop() {
  return [](std::shared_ptr<Exchange>) {};
}

TEST(RouterTest, MatchesExactPath) {
  Router router;
  router.add(Verb::get, "/status", noop());
  Router::Match match = router.match(Verb::get, "/status");
  EXPECT_EQ(match.outcome, Router::Outcome::kFound);
  EXPECT_NE(match.handler, nullptr);
  EXPECT_TRUE(match.params.empty());
  EXPECT_EQ(router.match(Verb::get, "/status/").outcome, Router::Outcome::kNotFound);
  EXPECT_EQ(router.match(Verb::get, "/statusx").outcome, Router::Outcome::kNotFound);
}

TEST(RouterTest, MatchesParameterSegments) {
  Router router;
  router.add(Verb::get, "/status/{name}", noop());
  router.add(Verb::post, "/sse/{name}/messages", noop());
  Router::Match match = router.match(Verb::get, "/status/everything");
  ASSERT_EQ(match.outcome, Router::Outcome::kFound);
  ASSERT_EQ(match.params.size(), 1u);
  EXPECT_EQ(match.params[0].first, "name");
  EXPECT_EQ(match.params[0].second, "everything");
  match = router.match(Verb::post, "/sse/github/messages");
  ASSERT_EQ(match.outcome, Router::Outcome::kFound);
  EXPECT_EQ(match.params[0].second, "github");
}

TEST(RouterTest, ParameterNeedsOneNonEmptySegment) {
  Router router;
  router.add(Verb::get, "/status/{name}", noop());
  EXPECT_EQ(router.match(Verb::get, "/status/").outcome, Router::Outcome::kNotFound);
  EXPECT_EQ(router.match(Verb::get, "/status").outcome, Router::Outcome::kNotFound);
  EXPECT_EQ(router.match(Verb::get, "/status/a/b").outcome, Router::Outcome::kNotFound);
}

TEST(RouterTest, OtherMethodIsNotAllowedWithAllowList) {
  Router router;
  router.add(Verb::get, "/status", noop());
  Router::Match match = router.match(Verb::delete_, "/status");
  EXPECT_EQ(match.outcome, Router::Outcome::kMethodNotAllowed);
  EXPECT_EQ(match.allow, "GET, HEAD");
  router.add(Verb::post, "/mcp/{name}", noop());
  router.add(Verb::get, "/mcp/{name}", noop());
  router.add(Verb::delete_, "/mcp/{name}", noop());
  EXPECT_EQ(router.match(Verb::put, "/mcp/x").allow, "POST, GET, DELETE, HEAD");
}

TEST(RouterTest, HeadUsesTheGetHandler) {
  Router router;
  router.add(Verb::get, "/healthz", noop());
  Router::Match match = router.match(Verb::head, "/healthz");
  EXPECT_EQ(match.outcome, Router::Outcome::kFound);
  EXPECT_EQ(match.handler, router.match(Verb::get, "/healthz").handler);
}

TEST(RouterTest, EarlierPatternWins) {
  Router router;
  int chosen = 0;
  router.add(Verb::get, "/status/all", [&chosen](std::shared_ptr<Exchange>) { chosen = 1; });
  router.add(Verb::get, "/status/{name}", [&chosen](std::shared_ptr<Exchange>) { chosen = 2; });
  (*router.match(Verb::get, "/status/all").handler)(nullptr);
  EXPECT_EQ(chosen, 1);
  (*router.match(Verb::get, "/status/x").handler)(nullptr);
  EXPECT_EQ(chosen, 2);
}

TEST(RouterTest, SplitsTargetIntoPathAndQuery) {
  EXPECT_EQ(target_path("/logs?follow=1"), "/logs");
  EXPECT_EQ(target_path("/status"), "/status");
  EXPECT_EQ(query_parameter("/logs?tail=5&follow=1", "follow"), "1");
  EXPECT_EQ(query_parameter("/logs?follow", "follow"), "");
  EXPECT_EQ(query_parameter("/logs?followers=1", "follow"), std::nullopt);
  EXPECT_EQ(query_parameter("/logs", "follow"), std::nullopt);
}

}  // namespace
}  // namespace berth::proxy::http
