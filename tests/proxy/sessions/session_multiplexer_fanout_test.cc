// Unit tests of SessionMultiplexer: notifications for many sessions (list_changed, logging) and the
// upstream state shared by all sessions (log level, resource subscriptions).
#include <gtest/gtest.h>

#include <string>

#include "multiplexer_harness.h"

namespace berth::proxy::sessions {
namespace {

std::string set_level(int id, std::string_view level) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
         R"(,"method":"logging/setLevel","params":{"level":")" + std::string(level) + R"("}})";
}

std::string log_message(std::string_view level) {
  return R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":")" +
         std::string(level) + R"(","data":"x"}})";
}

std::string subscribe(std::string_view method, int id, std::string_view uri) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"resources/)" +
         std::string(method) + R"(","params":{"uri":")" + std::string(uri) + R"("}})";
}

std::vector<std::string> sessions_of(const std::vector<Delivery>& deliveries) {
  std::vector<std::string> sessions;
  for (const Delivery& delivery : deliveries) sessions.push_back(delivery.session);
  return sessions;
}

TEST(SessionMultiplexerTest, FansOutListChangedToEverySession) {
  Harness h;
  h.open("A");
  h.open("B");
  h.open("C");
  for (const std::string kind : {"tools", "prompts", "resources"}) {
    const std::string json =
        R"({"jsonrpc":"2.0","method":"notifications/)" + kind + R"(/list_changed"})";
    EXPECT_EQ(h.server(json).disposition, Disposition::kDelivered);
    const auto got = h.sink.take();
    EXPECT_EQ(sessions_of(got), (std::vector<std::string>{"A", "B", "C"}));
    for (const Delivery& delivery : got) {
      EXPECT_EQ(delivery.message, json);
      EXPECT_EQ(delivery.related, std::nullopt);
      EXPECT_EQ(delivery.kind, MessageKind::kNotification);
    }
  }
  Harness empty;
  EXPECT_EQ(
      empty.server(R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed"})").disposition,
      Disposition::kDropped);
}

TEST(SessionMultiplexerTest, FiltersLogMessagesByEachSessionLevel) {
  Harness h;
  h.open("A");  // never sets a level: gets everything
  h.open("B");
  h.open("C");
  EXPECT_EQ(h.client("B", set_level(1, "warning")).disposition, Disposition::kAnswered);
  EXPECT_EQ(h.client("C", set_level(1, "error")).disposition, Disposition::kAnswered);
  h.sink.take();
  (void)h.server(log_message("info"));
  EXPECT_EQ(sessions_of(h.sink.take()), (std::vector<std::string>{"A"}));
  (void)h.server(log_message("warning"));
  EXPECT_EQ(sessions_of(h.sink.take()), (std::vector<std::string>{"A", "B"}));
  (void)h.server(log_message("emergency"));
  const auto got = h.sink.take();
  EXPECT_EQ(sessions_of(got), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(got[0].related, std::nullopt);
  EXPECT_EQ(got[0].message, log_message("emergency"));
  // A level berth does not know passes every filter.
  (void)h.server(log_message("verbose"));
  EXPECT_EQ(h.sink.take().size(), 3u);
}

TEST(SessionMultiplexerTest, SetLevelSendsMostVerboseMinimumUpstream) {
  Harness h;
  h.open("A");
  h.open("B");
  EXPECT_EQ(h.client("A", set_level(1, "error")).disposition, Disposition::kAnswered);
  auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].message, R"({"jsonrpc":"2.0","id":1,"result":{}})");
  auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/method"), R"("logging/setLevel")");
  EXPECT_EQ(at(sent[0], "/params/level"), R"("error")");
  const std::string id = at(sent[0], "/id");
  EXPECT_EQ(id.find("berth:"), std::string::npos);
  // The backend's answer to berth's own request is swallowed.
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":{}})").disposition,
            Disposition::kSwallowed);
  EXPECT_TRUE(h.sink.delivered.empty());

  (void)h.client("B", set_level(1, "debug"));  // more verbose: sent
  EXPECT_EQ(at(h.backend.take().at(0), "/params/level"), R"("debug")");
  (void)h.client("A", set_level(2, "info"));  // minimum still debug: not sent
  EXPECT_TRUE(h.backend.take().empty());
  h.mux.remove_session("B");  // minimum back to info
  sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/params/level"), R"("info")");
}

TEST(SessionMultiplexerTest, RejectsUnknownLogLevel) {
  Harness h;
  h.open("A");
  EXPECT_EQ(h.client("A", set_level(1, "loud")).disposition, Disposition::kRejected);
  EXPECT_EQ(at(h.sink.take().at(0).message, "/error/code"), "-32602");
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(SessionMultiplexerTest, CountsResourceSubscribers) {
  Harness h;
  h.open("A");
  h.open("B");
  // The first subscriber's request goes upstream and gets the backend's answer.
  EXPECT_EQ(h.client("A", subscribe("subscribe", 1, "file:///x")).disposition,
            Disposition::kForwarded);
  auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/params/uri"), R"("file:///x")");
  (void)h.server(R"({"jsonrpc":"2.0","id":)" + at(sent[0], "/id") + R"(,"result":{}})");
  EXPECT_EQ(h.sink.take().at(0).session, "A");
  // The second is answered here; so is a repeat.
  EXPECT_EQ(h.client("B", subscribe("subscribe", 1, "file:///x")).disposition,
            Disposition::kAnswered);
  EXPECT_EQ(h.client("B", subscribe("subscribe", 2, "file:///x")).disposition,
            Disposition::kAnswered);
  EXPECT_TRUE(h.backend.take().empty());
  EXPECT_EQ(h.sink.take().size(), 2u);
  // A leaves (answered here); B, the last, unsubscribes upstream.
  EXPECT_EQ(h.client("A", subscribe("unsubscribe", 3, "file:///x")).disposition,
            Disposition::kAnswered);
  EXPECT_TRUE(h.backend.take().empty());
  EXPECT_EQ(h.client("B", subscribe("unsubscribe", 3, "file:///x")).disposition,
            Disposition::kForwarded);
  sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/method"), R"("resources/unsubscribe")");
  // Unsubscribing what nobody subscribed is answered here.
  EXPECT_EQ(h.client("B", subscribe("unsubscribe", 4, "file:///x")).disposition,
            Disposition::kAnswered);
  EXPECT_EQ(h.client("B", R"({"jsonrpc":"2.0","id":5,"method":"resources/subscribe"})").disposition,
            Disposition::kRejected);
}

TEST(SessionMultiplexerTest, SessionCloseUnsubscribesWhenLastSubscriberLeaves) {
  Harness h;
  h.open("A");
  h.open("B");
  (void)h.client("A", subscribe("subscribe", 1, "file:///x"));
  (void)h.server(R"({"jsonrpc":"2.0","id":)" + at(h.backend.take().at(0), "/id") +
                 R"(,"result":{}})");
  (void)h.client("B", subscribe("subscribe", 1, "file:///x"));
  h.mux.remove_session("A");
  EXPECT_TRUE(h.backend.take().empty());
  h.mux.remove_session("B");
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/method"), R"("resources/unsubscribe")");
  EXPECT_EQ(at(sent[0], "/params/uri"), R"("file:///x")");
  EXPECT_EQ(
      h.server(R"({"jsonrpc":"2.0","id":)" + at(sent[0], "/id") + R"(,"result":{}})").disposition,
      Disposition::kSwallowed);
}

TEST(SessionMultiplexerTest, DeliversResourceUpdatedOnlyToSubscribers) {
  Harness h;
  h.open("A");
  h.open("B");
  h.open("C");
  (void)h.client("A", subscribe("subscribe", 1, "file:///x"));
  (void)h.client("C", subscribe("subscribe", 1, "file:///x"));
  (void)h.client("B", subscribe("subscribe", 1, "file:///y"));
  h.sink.take();
  const std::string updated =
      R"({"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"file:///x"}})";
  EXPECT_EQ(h.server(updated).disposition, Disposition::kDelivered);
  const auto got = h.sink.take();
  EXPECT_EQ(sessions_of(got), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(got[0].message, updated);
  EXPECT_EQ(got[0].related, std::nullopt);
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","method":"notifications/resources/updated",)"
                     R"("params":{"uri":"file:///z"}})")
                .disposition,
            Disposition::kDropped);
}

TEST(SessionMultiplexerTest, FailedUpstreamSubscribeLeavesSessionUnsubscribed) {
  Harness h;
  h.open("A");
  (void)h.client("A", subscribe("subscribe", 1, "file:///x"));
  const std::string id = at(h.backend.take().at(0), "/id");
  (void)h.server(R"({"jsonrpc":"2.0","id":)" + id +
                 R"(,"error":{"code":-32601,"message":"no subscriptions"}})");
  EXPECT_EQ(at(h.sink.take().at(0).message, "/error/code"), "-32601");
  // Subscribing again goes upstream again: the count went back to zero.
  EXPECT_EQ(h.client("A", subscribe("subscribe", 2, "file:///x")).disposition,
            Disposition::kForwarded);
}

}  // namespace
}  // namespace berth::proxy::sessions
