// Unit tests of the multiplexer's bookkeeping: request ids, server requests, log levels and
// resource subscriptions.
#include <gtest/gtest.h>

#include "proxy/mcp/upstream_tag.h"
#include "proxy/sessions/id_map.h"
#include "proxy/sessions/log_levels.h"
#include "proxy/sessions/server_requests.h"
#include "proxy/sessions/subscriptions.h"

namespace berth::proxy::sessions {
namespace {

ForwardedRequest request(std::string session, std::string client_id) {
  ForwardedRequest forwarded;
  forwarded.session = std::move(session);
  forwarded.client_id = std::move(client_id);
  forwarded.method = "tools/call";
  return forwarded;
}

TEST(RequestIdMapTest, MapsBothWaysAndTakesSessionsInOrder) {
  RequestIdMap map("t");
  const std::string a1 = map.add(1, request("A", "1"));
  const std::string b1 = map.add(2, request("B", "1"));
  const std::string a2 = map.add(1, request("A", R"("x")"));
  EXPECT_EQ(a1, "t-s1-1");
  EXPECT_EQ(b1, "t-s2-2");
  EXPECT_EQ(map.backend_id("A", "1"), a1);
  EXPECT_EQ(map.backend_id("B", "1"), b1);
  EXPECT_EQ(map.count("A"), 2u);
  EXPECT_EQ(map.take(b1)->session, "B");
  EXPECT_FALSE(map.take(b1));
  EXPECT_FALSE(map.backend_id("B", "1"));
  const auto taken = map.take_session("A");
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken[0].first, a1);
  EXPECT_EQ(taken[1].first, a2);
  EXPECT_EQ(map.size(), 0u);
}

// Two maps are two berth runs over one server that outlived the first: the second issues none
// of the first's ids, so the first's late answers find nothing here.
TEST(RequestIdMapTest, IdsNeverRepeatAcrossMaps) {
  RequestIdMap first;
  RequestIdMap second;
  EXPECT_EQ(first.tag().size(), 2 * mcp::kUpstreamTagBytes);
  EXPECT_NE(first.tag(), second.tag());
  const std::string old_id = first.add(1, request("A", "7"));
  const std::string new_id = second.add(1, request("B", "7"));
  EXPECT_NE(old_id, new_id);
  EXPECT_EQ(second.find(old_id), nullptr);
  EXPECT_FALSE(second.take(old_id));
  EXPECT_TRUE(second.issued(new_id));
  EXPECT_FALSE(second.issued(old_id));
  EXPECT_FALSE(second.issued("s1-1"));
  EXPECT_FALSE(second.issued(second.tag()));
  EXPECT_EQ(second.size(), 1u);
}

TEST(RequestIdMapTest, NamesTheOnlyRequestInFlightOnABackend) {
  RequestIdMap map("t");
  EXPECT_FALSE(map.only(Upstream::kCurrent));
  const std::string a = map.add(1, request("A", "1"));
  EXPECT_EQ(map.only(Upstream::kCurrent), a);
  map.mark_draining();
  EXPECT_FALSE(map.only(Upstream::kCurrent));
  EXPECT_EQ(map.only(Upstream::kDraining), a);
  const std::string b = map.add(2, request("B", "1"));
  EXPECT_EQ(map.only(Upstream::kCurrent), b);
  (void)map.add(2, request("B", "2"));
  EXPECT_FALSE(map.only(Upstream::kCurrent));  // two: neither is "the" one
  EXPECT_EQ(map.only(Upstream::kDraining), a);
}

TEST(UpstreamTagTest, IsFreshHexAndLoggableIdsAreShort) {
  const std::string tag = mcp::new_upstream_tag();
  EXPECT_EQ(tag.find_first_not_of("0123456789abcdef"), std::string::npos) << tag;
  EXPECT_NE(tag, mcp::new_upstream_tag());
  EXPECT_EQ(mcp::loggable_id(R"("s1-1")"), R"("s1-1")");
  const std::string long_id = "\"" + std::string(500, 'x') + "\"";
  EXPECT_LT(mcp::loggable_id(long_id).size(), 80u);
}

TEST(ServerRequestMapTest, TakesOnlyFromTheSessionItWentTo) {
  ServerRequestMap map;
  const std::string id = map.add({"A", "42", "roots/list", std::nullopt});
  EXPECT_EQ(id, R"("srv-1")");
  EXPECT_FALSE(map.take("B", id));
  EXPECT_EQ(map.take("A", id)->server_id, "42");
  EXPECT_EQ(map.size(), 0u);
  (void)map.add({"A", R"("s")", "roots/list", std::nullopt});
  EXPECT_EQ(map.take_by_server_id(Upstream::kCurrent, R"("s")")->first, R"("srv-2")");
}

TEST(SessionLogLevelsTest, FiltersAndFindsMinimum) {
  EXPECT_EQ(parse_log_level("critical"), LogLevel::kCritical);
  EXPECT_FALSE(parse_log_level("Critical"));
  EXPECT_EQ(log_level_name(LogLevel::kEmergency), "emergency");
  SessionLogLevels levels;
  EXPECT_FALSE(levels.minimum());
  EXPECT_TRUE(levels.allows("A", LogLevel::kDebug));
  levels.set("A", LogLevel::kWarning);
  levels.set("B", LogLevel::kNotice);
  EXPECT_FALSE(levels.allows("A", LogLevel::kNotice));
  EXPECT_TRUE(levels.allows("A", LogLevel::kAlert));
  EXPECT_EQ(levels.minimum(), LogLevel::kNotice);
  levels.remove("B");
  EXPECT_EQ(levels.minimum(), LogLevel::kWarning);
}

TEST(ResourceSubscriptionsTest, ReportsFirstAndLastSubscriber) {
  ResourceSubscriptions subscriptions;
  EXPECT_TRUE(subscriptions.subscribe("A", "u"));
  EXPECT_FALSE(subscriptions.subscribe("A", "u"));
  EXPECT_FALSE(subscriptions.subscribe("B", "u"));
  EXPECT_TRUE(subscriptions.subscribe("B", "v"));
  EXPECT_EQ(subscriptions.count("u"), 2u);
  EXPECT_FALSE(subscriptions.unsubscribe("C", "u"));
  EXPECT_FALSE(subscriptions.unsubscribe("A", "u"));
  EXPECT_TRUE(subscriptions.subscribed("B", "u"));
  EXPECT_EQ(subscriptions.remove_session("B"), (std::vector<std::string>{"u", "v"}));
  EXPECT_TRUE(subscriptions.uris().empty());
}

}  // namespace
}  // namespace berth::proxy::sessions
