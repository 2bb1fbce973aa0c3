// Unit tests of attribute_server_request: which client request caused a request the server sent.
// A progress token of a request in flight names it; without one, only a sole request in flight
// is the cause; nothing else names anyone.
#include "proxy/sessions/server_request_attribution.h"

#include <gtest/gtest.h>

#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::sessions {
namespace {

ForwardedRequest call(std::string session) {
  ForwardedRequest request;
  request.session = std::move(session);
  request.client_id = "1";
  request.method = "tools/call";
  return request;
}

rapidjson::Document token(std::string_view json) {
  auto parsed = mcp::parse_message(json);
  EXPECT_TRUE(parsed.ok()) << json;
  return std::move(parsed).value();
}

TEST(ServerRequestAttributionTest, NoRequestInFlightNamesNobody) {
  RequestIdMap requests("t");
  auto cause = attribute_server_request(requests, Upstream::kCurrent, nullptr);
  ASSERT_FALSE(cause);
  EXPECT_EQ(cause.error(), "no client request is in flight");
}

TEST(ServerRequestAttributionTest, TheOnlyRequestInFlightIsTheCause) {
  RequestIdMap requests("t");
  const std::string a = requests.add(1, call("A"));
  EXPECT_EQ(attribute_server_request(requests, Upstream::kCurrent, nullptr).value(), a);
}

TEST(ServerRequestAttributionTest, SeveralRequestsWithoutTokenNameNobody) {
  RequestIdMap requests("t");
  (void)requests.add(1, call("A"));
  (void)requests.add(2, call("B"));
  auto cause = attribute_server_request(requests, Upstream::kCurrent, nullptr);
  ASSERT_FALSE(cause);
  EXPECT_NE(cause.error().find("2 client requests are in flight"), std::string::npos);
  // Even when both are one session's: berth does not guess which of its requests it was.
  RequestIdMap same("t");
  (void)same.add(1, call("A"));
  ForwardedRequest second = call("A");
  second.client_id = "2";  // one session never has two requests of one id in flight
  (void)same.add(1, std::move(second));
  EXPECT_FALSE(attribute_server_request(same, Upstream::kCurrent, nullptr));
}

TEST(ServerRequestAttributionTest, ProgressTokenNamesItsRequestAmongMany) {
  RequestIdMap requests("t");
  const std::string a = requests.add(1, call("A"));
  (void)requests.add(2, call("B"));
  const rapidjson::Document named = token(mcp::quote(a));
  EXPECT_EQ(attribute_server_request(requests, Upstream::kCurrent, &named).value(), a);
}

TEST(ServerRequestAttributionTest, TokenOfNoRequestInFlightNamesNobody) {
  RequestIdMap requests("t");
  const std::string a = requests.add(1, call("A"));
  (void)requests.add(2, call("B"));  // the only one left once A's is answered
  (void)requests.take(a);
  for (const std::string& json : {mcp::quote(a), std::string(R"("other")"), std::string("5")}) {
    const rapidjson::Document stale = token(json);
    auto cause = attribute_server_request(requests, Upstream::kCurrent, &stale);
    ASSERT_FALSE(cause) << json;
    EXPECT_EQ(cause.error(), "its progress token names no client request in flight");
  }
}

TEST(ServerRequestAttributionTest, OnlyTheAskingBackendsRequestsCount) {
  RequestIdMap requests("t");
  const std::string old_request = requests.add(1, call("A"));
  requests.mark_draining();
  EXPECT_FALSE(attribute_server_request(requests, Upstream::kCurrent, nullptr));
  const rapidjson::Document named = token(mcp::quote(old_request));
  EXPECT_FALSE(attribute_server_request(requests, Upstream::kCurrent, &named));
  EXPECT_EQ(attribute_server_request(requests, Upstream::kDraining, &named).value(), old_request);
  const std::string new_request = requests.add(2, call("B"));
  EXPECT_EQ(attribute_server_request(requests, Upstream::kCurrent, nullptr).value(), new_request);
  EXPECT_EQ(attribute_server_request(requests, Upstream::kDraining, nullptr).value(), old_request);
}

}  // namespace
}  // namespace berth::proxy::sessions
