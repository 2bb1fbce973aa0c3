// Unit tests of SessionMultiplexer's stateless clients (the modern era): one request each,
// forwarded under berth's ids, answered modern, cancelled upstream when the client leaves, and
// kept apart from the sessions' notifications and the server's requests.
#include <gtest/gtest.h>

#include <string>

#include "multiplexer_harness.h"

namespace berth::proxy::sessions {
namespace {

constexpr const char* kMeta =
    R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
    R"("io.modelcontextprotocol/clientCapabilities":{"sampling":{}},)"
    R"("io.modelcontextprotocol/clientInfo":{"name":"v2","version":"2"},)"
    R"("traceparent":"00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01")";

std::string modern(const std::string& method, const std::string& extra_meta = "",
                   const std::string& id = "1") {
  return R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":")" + method + R"(","params":{)" + kMeta +
         extra_meta + "}}}";
}

Outcome stateless(Harness& h, const std::string& key, const std::string& json) {
  return h.mux.from_stateless(key, parse(json));
}

TEST(SessionMultiplexerStatelessTest, DiscoverIsAnsweredFromTheHandshake) {
  Harness h;
  EXPECT_EQ(stateless(h, "m1", modern("server/discover")).disposition, Disposition::kAnswered);
  EXPECT_TRUE(h.backend.sent.empty());
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].session, "m1");
  EXPECT_EQ(got[0].related, "1");
  EXPECT_EQ(got[0].kind, MessageKind::kResponse);
  EXPECT_EQ(at(got[0].message, "/result/supportedVersions/0"), R"("2026-07-28")");
  EXPECT_EQ(at(got[0].message, "/result/_meta/io.modelcontextprotocol~1serverInfo/name"),
            R"("fake")");
  EXPECT_FALSE(h.mux.has_stateless("m1"));  // forgotten once answered
}

TEST(SessionMultiplexerStatelessTest, DiscoverBeforeTheHandshakeFails) {
  Harness h(/*attach=*/false);
  EXPECT_EQ(stateless(h, "m1", modern("server/discover")).disposition, Disposition::kRejected);
  EXPECT_EQ(at(h.sink.take().at(0).message, "/error/code"), "-32603");
}

TEST(SessionMultiplexerStatelessTest, ForwardsUnderBerthsIdWithoutTheModernMeta) {
  Harness h;
  const auto outcome = stateless(h, "m1", modern("tools/list", R"(,"progressToken":"t")"));
  ASSERT_EQ(outcome.disposition, Disposition::kForwarded);
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  const std::string backend_id = at(sent[0], "/id");
  EXPECT_NE(backend_id, "1");
  EXPECT_EQ(at(sent[0], "/params/_meta/progressToken"), backend_id);
  EXPECT_EQ(at(sent[0], "/params/_meta/traceparent"),
            R"("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01")");
  EXPECT_EQ(at(sent[0], "/params/_meta/io.modelcontextprotocol~1protocolVersion"), "<missing>");
  EXPECT_EQ(at(sent[0], "/params/_meta/io.modelcontextprotocol~1clientInfo"), "<missing>");
  EXPECT_TRUE(h.mux.has_stateless("m1"));
  EXPECT_FALSE(h.mux.has_session("m1"));
  EXPECT_EQ(h.mux.session_count(), 0u);

  (void)h.server(R"({"jsonrpc":"2.0","id":)" + backend_id + R"(,"result":{"tools":[]}})");
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].session, "m1");
  EXPECT_EQ(at(got[0].message, "/id"), "1");
  EXPECT_EQ(at(got[0].message, "/result/resultType"), R"("complete")");
  EXPECT_EQ(at(got[0].message, "/result/ttlMs"), "0");
  EXPECT_EQ(at(got[0].message, "/result/cacheScope"), R"("private")");
  EXPECT_FALSE(h.mux.has_stateless("m1"));
}

TEST(SessionMultiplexerStatelessTest, AnEmptiedMetaIsDropped) {
  Harness h;
  (void)stateless(h, "m1",
                  R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":)"
                  R"({"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
                  R"("io.modelcontextprotocol/clientCapabilities":{}}}})");
  EXPECT_EQ(at(h.backend.take().at(0), "/params"), "{}");
}

TEST(SessionMultiplexerStatelessTest, TwoClientsWithTheSameIdEachGetTheirAnswer) {
  Harness h;
  (void)stateless(h, "m1", modern("tools/list"));
  (void)stateless(h, "m2", modern("tools/list"));
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 2u);
  ASSERT_NE(at(sent[0], "/id"), at(sent[1], "/id"));
  (void)h.server(R"({"jsonrpc":"2.0","id":)" + at(sent[1], "/id") + R"(,"result":{"n":2}})");
  (void)h.server(R"({"jsonrpc":"2.0","id":)" + at(sent[0], "/id") + R"(,"result":{"n":1}})");
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].session, "m2");
  EXPECT_EQ(at(got[0].message, "/result/n"), "2");
  EXPECT_EQ(got[1].session, "m1");
  EXPECT_EQ(at(got[1].message, "/result/n"), "1");
}

TEST(SessionMultiplexerStatelessTest, ProgressGoesToItsRequest) {
  Harness h;
  (void)stateless(h, "m1", modern("tools/call", R"(,"progressToken":7)"));
  const std::string backend_id = at(h.backend.take().at(0), "/id");
  (void)h.server(R"({"jsonrpc":"2.0","method":"notifications/progress","params":)"
                 R"({"progressToken":)" +
                 backend_id + R"(,"progress":1}})");
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].session, "m1");
  EXPECT_EQ(got[0].related, "1");
  EXPECT_EQ(at(got[0].message, "/params/progressToken"), "7");
}

TEST(SessionMultiplexerStatelessTest, ALeavingClientCancelsItsRequestUpstream) {
  Harness h;
  (void)stateless(h, "m1", modern("tools/call"));
  const std::string backend_id = at(h.backend.take().at(0), "/id");
  h.mux.cancel_stateless("m1");
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/method"), R"("notifications/cancelled")");
  EXPECT_EQ(at(sent[0], "/params/requestId"), backend_id);
  EXPECT_FALSE(h.mux.has_stateless("m1"));
  // The late answer goes nowhere.
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":)" + backend_id + R"(,"result":{}})").disposition,
            Disposition::kDropped);
  EXPECT_TRUE(h.sink.take().empty());
  h.mux.cancel_stateless("m1");  // twice is harmless
  EXPECT_TRUE(h.backend.take().empty());
}

TEST(SessionMultiplexerStatelessTest, MethodsOfTheLegacyEraAreNotFound) {
  Harness h;
  for (const char* method :
       {"initialize", "ping", "logging/setLevel", "resources/subscribe", "subscriptions/listen"}) {
    EXPECT_EQ(stateless(h, "m", modern(method)).disposition, Disposition::kRejected) << method;
    EXPECT_EQ(at(h.sink.take().at(0).message, "/error/code"), "-32601") << method;
  }
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(SessionMultiplexerStatelessTest, NotificationsOfTheServerGoToSessionsOnly) {
  Harness h;
  h.open("A");
  (void)stateless(h, "m1", modern("tools/call"));
  h.backend.take();
  (void)h.server(R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed"})");
  (void)h.server(
      R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"error","data":1}})");
  for (const Delivery& delivery : h.sink.take()) EXPECT_EQ(delivery.session, "A");
}

TEST(SessionMultiplexerStatelessTest, ServerRequestsForAStatelessClientAreRefused) {
  Harness h;
  (void)stateless(h, "m1", modern("tools/call"));  // declares sampling, the only request in flight
  h.backend.take();
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":"s1","method":"sampling/createMessage","params":{}})")
                .disposition,
            Disposition::kRejected);
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/id"), R"("s1")");
  EXPECT_EQ(at(sent[0], "/error/code"), "-32603");
  EXPECT_TRUE(h.sink.take().empty());
}

TEST(SessionMultiplexerStatelessTest, AServerThatStopsFailsTheRequest) {
  Harness h;
  (void)stateless(h, "m1", modern("tools/call"));
  EXPECT_EQ(h.mux.backend_closed("gone"), 1u);
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(at(got[0].message, "/error/code"), "-32603");
  EXPECT_FALSE(h.mux.has_stateless("m1"));
}

TEST(SessionMultiplexerStatelessTest, SessionMessagesCannotUseAStatelessKey) {
  Harness h;
  (void)stateless(h, "m1", modern("tools/call"));
  h.backend.take();
  EXPECT_EQ(h.client("m1", R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})").disposition,
            Disposition::kDropped);
  h.mux.remove_session("m1");  // not a session: its request stays
  EXPECT_TRUE(h.backend.take().empty());
  EXPECT_TRUE(h.mux.has_stateless("m1"));
}

}  // namespace
}  // namespace berth::proxy::sessions
