// Unit tests of SessionMultiplexer's per-session limits (MultiplexerLimits) and of the JSON limits
// on the messages it reads: each limit refused with a JSON-RPC error, not held without bound.
#include <gtest/gtest.h>

#include <string>

#include "multiplexer_harness.h"
#include "proxy/mcp/bounded_json.h"

namespace berth::proxy::sessions {
namespace {

std::string call(int id) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"tools/call"})";
}

std::string answer(const std::string& backend_id) {
  return R"({"jsonrpc":"2.0","id":")" + backend_id + R"(","result":{}})";
}

std::string sampling(int id) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
         R"(,"method":"sampling/createMessage","params":{"messages":[]}})";
}

std::string subscribe(int id, const std::string& uri) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
         R"(,"method":"resources/subscribe","params":{"uri":")" + uri + R"("}})";
}

TEST(SessionMultiplexerLimitsTest, RequestsPastTheInFlightLimitAreRefused) {
  Harness h;
  h.open("A");
  const size_t limit = MultiplexerLimits{}.in_flight;
  std::string first;
  for (size_t i = 0; i < limit; ++i) {
    Outcome forwarded = h.client("A", call(static_cast<int>(i)));
    ASSERT_EQ(forwarded.disposition, Disposition::kForwarded) << i;
    if (i == 0) first = forwarded.detail;
  }
  h.sink.take();
  Outcome refused = h.client("A", call(9999));
  EXPECT_EQ(refused.disposition, Disposition::kRejected);
  EXPECT_EQ(refused.limit, "in_flight");
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(at(got[0].message, "/id"), "9999");
  EXPECT_EQ(at(got[0].message, "/error/code"), std::to_string(mcp::kLimitExceeded));
  EXPECT_EQ(h.backend.take().size(), limit);  // the refused one never went upstream

  // Another session has its own budget; and once one answer is in, A may send again.
  h.open("B");
  EXPECT_EQ(h.client("B", call(1)).disposition, Disposition::kForwarded);
  EXPECT_EQ(h.server(answer(first)).disposition, Disposition::kDelivered);
  EXPECT_EQ(h.client("A", call(9999)).disposition, Disposition::kForwarded);
}

TEST(SessionMultiplexerLimitsTest, ServerRequestsPastTheLimitAreRefusedToTheServer) {
  Harness h;
  h.open("A", R"({"sampling":{}})");
  // The one client request in flight: the server's requests are attributed to it.
  ASSERT_EQ(h.client("A", call(1)).disposition, Disposition::kForwarded);
  h.backend.take();
  const size_t limit = MultiplexerLimits{}.server_requests;
  for (size_t i = 0; i < limit; ++i) {
    ASSERT_EQ(h.server(sampling(static_cast<int>(i))).disposition, Disposition::kDelivered) << i;
  }
  h.sink.take();
  Outcome refused = h.server(sampling(777));
  EXPECT_EQ(refused.disposition, Disposition::kRejected);
  EXPECT_EQ(refused.limit, "server_requests");
  EXPECT_TRUE(h.sink.take().empty());
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/id"), "777");
  EXPECT_EQ(at(sent[0], "/error/code"), std::to_string(mcp::kLimitExceeded));
}

TEST(SessionMultiplexerLimitsTest, SubscriptionsPastTheLimitAreRefused) {
  Harness h;
  h.open("A");
  const size_t limit = MultiplexerLimits{}.subscriptions;
  for (size_t i = 0; i < limit; ++i) {
    Outcome forwarded =
        h.client("A", subscribe(static_cast<int>(i), "file:///" + std::to_string(i)));
    ASSERT_EQ(forwarded.disposition, Disposition::kForwarded) << i;
    ASSERT_EQ(h.server(answer(forwarded.detail)).disposition, Disposition::kDelivered);
  }
  h.sink.take();
  Outcome refused = h.client("A", subscribe(5000, "file:///new"));
  EXPECT_EQ(refused.limit, "subscriptions");
  EXPECT_EQ(at(h.sink.take().at(0).message, "/error/code"), std::to_string(mcp::kLimitExceeded));
  // A URI it holds already costs nothing.
  EXPECT_EQ(h.client("A", subscribe(5001, "file:///0")).disposition, Disposition::kAnswered);
}

TEST(SessionMultiplexerLimitsTest, OverDeepClientMessageIsRefusedAsInvalidRequest) {
  Harness h;
  h.open("A");
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  const std::string bomb =
      R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"a":)" + deep + "}}";
  EXPECT_EQ(h.client("A", bomb).disposition, Disposition::kRejected);
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(at(got[0].message, "/error/code"), std::to_string(mcp::kInvalidRequest));
  EXPECT_TRUE(h.backend.take().empty());
}

TEST(SessionMultiplexerLimitsTest, OverDeepServerMessageIsDropped) {
  Harness h;
  h.open("A");
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","method":"notifications/message","params":)" + deep + "}")
                .disposition,
            Disposition::kDropped);
  EXPECT_TRUE(h.sink.take().empty());
}

}  // namespace
}  // namespace berth::proxy::sessions
