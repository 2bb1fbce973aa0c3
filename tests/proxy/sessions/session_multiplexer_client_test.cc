// Unit tests of SessionMultiplexer: what client sessions send (initialize, ping, id and progress
// rewriting, cancellations, malformed input).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "multiplexer_harness.h"

namespace berth::proxy::sessions {
namespace {

std::string init_request(std::string_view version) {
  return R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":")" +
         std::string(version) + R"(","capabilities":{},"clientInfo":{"name":"c","version":"1"}}})";
}

TEST(SessionMultiplexerTest, AnswersInitializeFromBackendResultWithoutForwarding) {
  Harness h;
  ASSERT_TRUE(h.mux.add_session("A"));
  EXPECT_EQ(h.client("A", init_request("2025-06-18")).disposition, Disposition::kAnswered);
  EXPECT_TRUE(h.backend.sent.empty());
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].session, "A");
  EXPECT_EQ(got[0].related, "1");
  EXPECT_EQ(got[0].kind, MessageKind::kResponse);
  EXPECT_EQ(at(got[0].message, "/id"), "1");
  EXPECT_EQ(at(got[0].message, "/result/serverInfo/name"), R"("fake")");
  EXPECT_EQ(at(got[0].message, "/result/instructions"), R"("be kind")");
  EXPECT_EQ(at(got[0].message, "/result/capabilities/resources"), R"({"subscribe":true})");
  EXPECT_EQ(h.mux.protocol_version("A"), "2025-06-18");
}

TEST(SessionMultiplexerTest, NegotiatesProtocolVersion) {
  Harness h;
  ASSERT_TRUE(h.mux.add_session("A"));
  (void)h.client("A", init_request("2025-03-26"));
  EXPECT_EQ(at(h.sink.take().at(0).message, "/result/protocolVersion"), R"("2025-03-26")");
  (void)h.client("A", init_request("2025-11-25"));
  EXPECT_EQ(at(h.sink.take().at(0).message, "/result/protocolVersion"), R"("2025-11-25")");
  (void)h.client("A", init_request("2024-11-05"));  // legacy HTTP+SSE clients
  EXPECT_EQ(at(h.sink.take().at(0).message, "/result/protocolVersion"), R"("2024-11-05")");
  (void)h.client("A", init_request("2024-10-07"));  // not supported: the backend's
  EXPECT_EQ(at(h.sink.take().at(0).message, "/result/protocolVersion"), R"("2025-06-18")");

  // A backend speaking a revision berth does not support answers with its own.
  Harness old(false);
  ASSERT_TRUE(old.mux
                  .backend_attached(parse(
                      R"({"protocolVersion":"2024-10-07","capabilities":{},"serverInfo":{}})"))
                  .ok());
  ASSERT_TRUE(old.mux.add_session("A"));
  (void)old.client("A", init_request("2025-06-18"));
  EXPECT_EQ(at(old.sink.take().at(0).message, "/result/protocolVersion"), R"("2024-10-07")");
  EXPECT_EQ(old.mux.protocol_version("A"), "2024-10-07");
}

TEST(SessionMultiplexerTest, SwallowsInitializedAndAnswersPingLocally) {
  Harness h;
  h.open("A");
  EXPECT_EQ(h.client("A", R"({"jsonrpc":"2.0","method":"notifications/initialized"})").disposition,
            Disposition::kSwallowed);
  EXPECT_EQ(h.client("A", R"({"jsonrpc":"2.0","id":"p","method":"ping"})").disposition,
            Disposition::kAnswered);
  EXPECT_TRUE(h.backend.sent.empty());
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].message, R"({"jsonrpc":"2.0","id":"p","result":{}})");
  EXPECT_EQ(got[0].related, R"("p")");
}

TEST(SessionMultiplexerTest, SameClientIdInTwoSessionsGetsOwnAnswer) {
  Harness h;
  h.open("A");
  h.open("B");
  const std::string call = R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}})";
  EXPECT_EQ(h.client("A", call).disposition, Disposition::kForwarded);
  EXPECT_EQ(h.client("B", call).disposition, Disposition::kForwarded);
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 2u);
  const std::string id_a = at(sent[0], "/id");
  const std::string id_b = at(sent[1], "/id");
  EXPECT_NE(id_a, id_b);
  EXPECT_EQ(h.mux.in_flight("A"), 1u);

  // Answers come back in the other order; each goes to the session that asked, under id 1.
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":)" + id_b + R"(,"result":{"who":"B"}})").detail, "B");
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":)" + id_a + R"(,"result":{"who":"A"}})").detail, "A");
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].session, "B");
  EXPECT_EQ(got[0].message, R"({"jsonrpc":"2.0","id":1,"result":{"who":"B"}})");
  EXPECT_EQ(got[0].related, "1");
  EXPECT_EQ(got[0].kind, MessageKind::kResponse);
  EXPECT_EQ(got[1].session, "A");
  EXPECT_EQ(got[1].message, R"({"jsonrpc":"2.0","id":1,"result":{"who":"A"}})");
  EXPECT_EQ(h.mux.in_flight("A"), 0u);
}

TEST(SessionMultiplexerTest, RestoresStringAndIntegerIdsExactly) {
  Harness h;
  h.open("A");
  for (const std::string id :
       {R"("abc")", "7", "-3", "0", "18446744073709551615", R"("berth:1")", R"("é\"x")"}) {
    ASSERT_EQ(
        h.client("A", R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"tools/list"})").disposition,
        Disposition::kForwarded)
        << id;
    const std::string backend_id = at(h.backend.take().at(0), "/id");
    (void)h.server(R"({"jsonrpc":"2.0","id":)" + backend_id + R"(,"result":{}})");
    const auto got = h.sink.take();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(at(got[0].message, "/id"), id);
    EXPECT_EQ(got[0].related, id);
  }
}

TEST(SessionMultiplexerTest, RejectsNullObjectAndFractionalRequestIds) {
  Harness h;
  h.open("A");
  for (const std::string id : {"null", "{}", "[1]", "1.5", "true"}) {
    const Outcome outcome =
        h.client("A", R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"tools/list"})");
    EXPECT_EQ(outcome.disposition, Disposition::kRejected) << id;
    const auto got = h.sink.take();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(at(got[0].message, "/error/code"), "-32600");
    EXPECT_EQ(at(got[0].message, "/id"), "null");
    EXPECT_EQ(got[0].related, std::nullopt);
  }
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(SessionMultiplexerTest, RejectsIdAlreadyInFlightInTheSameSession) {
  Harness h;
  h.open("A");
  const std::string call = R"({"jsonrpc":"2.0","id":5,"method":"tools/call"})";
  EXPECT_EQ(h.client("A", call).disposition, Disposition::kForwarded);
  EXPECT_EQ(h.client("A", call).disposition, Disposition::kRejected);
  EXPECT_EQ(h.backend.take().size(), 1u);
  EXPECT_EQ(at(h.sink.take().at(0).message, "/error/code"), "-32600");
}

TEST(SessionMultiplexerTest, BackendIdsAreUniqueStringsOutsideBerthSpace) {
  Harness h;
  h.open("A");
  h.open("B");
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    const std::string id = std::to_string(i);
    (void)h.client(i % 2 ? "A" : "B",
                   R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"tools/list"})");
    const auto sent = h.backend.take();
    ASSERT_EQ(sent.size(), 1u);
    const rapidjson::Document message = parse(sent[0]);
    ASSERT_TRUE(message["id"].IsString());
    const std::string backend_id = message["id"].GetString();
    EXPECT_FALSE(backend_id.starts_with("berth:")) << backend_id;
    ids.insert(backend_id);
  }
  EXPECT_EQ(ids.size(), 20u);
}

TEST(SessionMultiplexerTest, MapsProgressTokenToRequest) {
  Harness h;
  h.open("A");
  h.open("B");
  (void)h.client("A", R"({"jsonrpc":"2.0","id":1,"method":"tools/call",)"
                      R"("params":{"name":"slow","_meta":{"progressToken":"tok"}}})");
  (void)h.client("B", R"({"jsonrpc":"2.0","id":1,"method":"tools/call",)"
                      R"("params":{"name":"slow","_meta":{"progressToken":"tok"}}})");
  const auto sent = h.backend.take();
  const std::string token_a = at(sent[0], "/params/_meta/progressToken");
  EXPECT_NE(token_a, R"("tok")");
  EXPECT_NE(token_a, at(sent[1], "/params/_meta/progressToken"));
  EXPECT_EQ(at(sent[0], "/params/name"), R"("slow")");

  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","method":"notifications/progress","params":)"
                     R"({"progressToken":)" +
                     token_a + R"(,"progress":1,"total":2}})")
                .disposition,
            Disposition::kDelivered);
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].session, "A");
  EXPECT_EQ(got[0].related, "1");
  EXPECT_EQ(got[0].kind, MessageKind::kNotification);
  EXPECT_EQ(at(got[0].message, "/params"), R"({"progressToken":"tok","progress":1,"total":2})");

  // Once the request is answered, its token means nothing.
  (void)h.server(R"({"jsonrpc":"2.0","id":)" + at(sent[0], "/id") + R"(,"result":{}})");
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","method":"notifications/progress","params":)"
                     R"({"progressToken":)" +
                     token_a + R"(,"progress":2}})")
                .disposition,
            Disposition::kDropped);
}

TEST(SessionMultiplexerTest, RewritesClientCancellation) {
  Harness h;
  h.open("A");
  h.open("B");
  (void)h.client("A", R"({"jsonrpc":"2.0","id":"q","method":"tools/call"})");
  const std::string backend_id = at(h.backend.take().at(0), "/id");
  // B cannot cancel A's request, even under the same id.
  EXPECT_EQ(h.client("B", R"({"jsonrpc":"2.0","method":"notifications/cancelled",)"
                          R"("params":{"requestId":"q"}})")
                .disposition,
            Disposition::kDropped);
  EXPECT_EQ(h.client("A", R"({"jsonrpc":"2.0","method":"notifications/cancelled",)"
                          R"("params":{"requestId":"q","reason":"user"}})")
                .disposition,
            Disposition::kForwarded);
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/params/requestId"), backend_id);
  EXPECT_EQ(at(sent[0], "/params/reason"), R"("user")");
  EXPECT_EQ(h.mux.in_flight("A"), 0u);
  // A late answer is dropped.
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":)" + backend_id + R"(,"result":{}})").disposition,
            Disposition::kDropped);
  EXPECT_TRUE(h.sink.delivered.empty());
}

TEST(SessionMultiplexerTest, CancelsInFlightRequestsWhenSessionCloses) {
  Harness h;
  h.open("A");
  h.open("B");
  (void)h.client("A", R"({"jsonrpc":"2.0","id":1,"method":"tools/call"})");
  (void)h.client("B", R"({"jsonrpc":"2.0","id":1,"method":"tools/call"})");
  (void)h.client("A", R"({"jsonrpc":"2.0","id":2,"method":"prompts/get"})");
  const auto sent = h.backend.take();
  h.mux.remove_session("A");
  EXPECT_FALSE(h.mux.has_session("A"));
  EXPECT_EQ(h.mux.session_count(), 1u);
  const auto cancels = h.backend.take();
  ASSERT_EQ(cancels.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(at(cancels[i], "/method"), R"("notifications/cancelled")");
    EXPECT_EQ(at(cancels[i], "/params/reason"), R"("client session closed")");
    EXPECT_EQ(at(cancels[i], "/id"), "<missing>");
  }
  EXPECT_EQ(at(cancels[0], "/params/requestId"), at(sent[0], "/id"));
  EXPECT_EQ(at(cancels[1], "/params/requestId"), at(sent[2], "/id"));
  EXPECT_EQ(h.mux.in_flight("A"), 0u);
  EXPECT_EQ(h.mux.in_flight("B"), 1u);
  // A's answers are forgotten; B's still arrives.
  EXPECT_EQ(
      h.server(R"({"jsonrpc":"2.0","id":)" + at(sent[0], "/id") + R"(,"result":{}})").disposition,
      Disposition::kDropped);
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":)" + at(sent[1], "/id") + R"(,"result":{}})").detail,
            "B");
}

TEST(SessionMultiplexerTest, ForwardsOtherClientNotificationsAsTheyAre) {
  Harness h;
  h.open("A");
  const std::string progress = R"({"jsonrpc":"2.0","method":"notifications/progress",)"
                               R"("params":{"progressToken":"x","progress":1}})";
  EXPECT_EQ(h.client("A", progress).disposition, Disposition::kForwarded);
  EXPECT_EQ(h.backend.take(), std::vector<std::string>{progress});
}

// A client's roots are not the shared server's: its roots/list_changed would make the server ask
// for roots it then keeps for every client.
TEST(SessionMultiplexerTest, SwallowsClientRootsListChanged) {
  Harness h;
  h.open("A", R"({"roots":{"listChanged":true}})");
  EXPECT_EQ(
      h.client("A", R"({"jsonrpc":"2.0","method":"notifications/roots/list_changed"})").disposition,
      Disposition::kSwallowed);
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(SessionMultiplexerTest, DropsMessagesOfUnknownSessions) {
  Harness h;
  EXPECT_EQ(h.client("nope", R"({"jsonrpc":"2.0","id":1,"method":"ping"})").disposition,
            Disposition::kDropped);
  EXPECT_EQ(h.client("nope", "not json").disposition, Disposition::kDropped);
  EXPECT_TRUE(h.sink.delivered.empty());
  EXPECT_TRUE(h.mux.add_session("A"));
  EXPECT_FALSE(h.mux.add_session("A"));
}

TEST(SessionMultiplexerTest, RejectsMalformedClientMessages) {
  Harness h;
  h.open("A");
  const struct {
    std::string json;
    int code;
  } cases[] = {
      {"{not json", -32700},
      {"[1,2]", -32600},
      {"42", -32600},
      {R"({"id":1,"method":"ping"})", -32600},
      {R"({"jsonrpc":"1.0","id":1,"method":"ping"})", -32600},
      {R"({"jsonrpc":"2.0","id":1,"method":7})", -32600},
      {R"({"jsonrpc":"2.0","id":1})", -32600},
      {R"({"jsonrpc":"2.0"})", -32600},
  };
  for (const auto& c : cases) {
    const Outcome outcome = h.client("A", c.json);
    EXPECT_EQ(outcome.disposition, Disposition::kRejected) << c.json;
    EXPECT_FALSE(outcome.detail.empty());
    const auto got = h.sink.take();
    ASSERT_EQ(got.size(), 1u) << c.json;
    EXPECT_EQ(at(got[0].message, "/error/code"), std::to_string(c.code)) << c.json;
  }
  // A response to nothing berth asked is dropped, not answered.
  EXPECT_EQ(h.client("A", R"({"jsonrpc":"2.0","id":"srv-9","result":{}})").disposition,
            Disposition::kDropped);
  EXPECT_TRUE(h.backend.sent.empty());
  EXPECT_TRUE(h.sink.delivered.empty());
}

TEST(SessionMultiplexerTest, RejectsInvalidProgressToken) {
  Harness h;
  h.open("A");
  EXPECT_EQ(h.client("A", R"({"jsonrpc":"2.0","id":1,"method":"tools/call",)"
                          R"("params":{"_meta":{"progressToken":null}}})")
                .disposition,
            Disposition::kRejected);
  EXPECT_EQ(at(h.sink.take().at(0).message, "/error/code"), "-32602");
  EXPECT_TRUE(h.backend.sent.empty());
}

}  // namespace
}  // namespace berth::proxy::sessions
