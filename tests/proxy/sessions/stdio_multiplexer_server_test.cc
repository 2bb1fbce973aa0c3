// Unit tests of StdioMultiplexer: requests the server sends to clients, the backend going away
// and coming back, and malformed server output.
#include <gtest/gtest.h>

#include <string>

#include "multiplexer_harness.h"

namespace berth::proxy::sessions {
namespace {

constexpr std::string_view kSampling = R"({"sampling":{}})";

std::string call(std::string_view id) {
  return R"({"jsonrpc":"2.0","id":)" + std::string(id) + R"(,"method":"tools/call"})";
}

std::string sampling(std::string_view id, std::string_view extra_params = "") {
  return R"({"jsonrpc":"2.0","id":)" + std::string(id) +
         R"(,"method":"sampling/createMessage","params":{"messages":[])" +
         std::string(extra_params) + "}}";
}

TEST(StdioMultiplexerTest, RoutesSamplingToSessionWithLatestRequestInFlight) {
  Harness h;
  h.open("A", kSampling);
  h.open("B", kSampling);
  (void)h.client("A", call("1"));
  (void)h.client("B", call(R"("b1")"));
  h.backend.take();
  for (const std::string server_id : {"42", R"("x-7")"}) {
    EXPECT_EQ(h.server(sampling(server_id)).disposition, Disposition::kDelivered);
    const auto got = h.sink.take();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].session, "B");
    EXPECT_EQ(got[0].related, R"("b1")");
    EXPECT_EQ(got[0].kind, MessageKind::kRequest);
    EXPECT_EQ(at(got[0].message, "/method"), R"("sampling/createMessage")");
    const std::string client_id = at(got[0].message, "/id");
    EXPECT_NE(client_id, server_id);

    // B answers under the id it saw; the backend gets the answer under its own id, exactly.
    EXPECT_EQ(h.client("B", R"({"jsonrpc":"2.0","id":)" + client_id +
                                R"(,"result":{"role":"assistant"}})")
                  .disposition,
              Disposition::kForwarded);
    const auto sent = h.backend.take();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0],
              R"({"jsonrpc":"2.0","id":)" + server_id + R"(,"result":{"role":"assistant"}})");
  }
}

TEST(StdioMultiplexerTest, PrefersSessionNamedByProgressToken) {
  Harness h;
  h.open("A", kSampling);
  h.open("B", kSampling);
  (void)h.client("A", R"({"jsonrpc":"2.0","id":1,"method":"tools/call",)"
                      R"("params":{"_meta":{"progressToken":5}}})");
  const std::string token = at(h.backend.take().at(0), "/params/_meta/progressToken");
  (void)h.client("B", call("2"));  // more recent, but the token names A's request
  EXPECT_EQ(h.server(sampling("9", R"(,"_meta":{"progressToken":)" + token + "}")).detail, "A");
  EXPECT_EQ(h.sink.take().at(0).related, "1");
}

TEST(StdioMultiplexerTest, SkipsSessionsWithoutTheCapability) {
  Harness h;
  h.open("A", kSampling);
  h.open("B", R"({"roots":{}})");
  (void)h.client("A", call("1"));
  (void)h.client("B", call("1"));
  EXPECT_EQ(h.server(sampling("1")).detail, "A");
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":2,"method":"roots/list"})").detail, "B");
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":3,"method":"elicitation/create"})").disposition,
            Disposition::kRejected);
}

TEST(StdioMultiplexerTest, SingleIdleSessionGetsServerRequestStandalone) {
  Harness h;
  h.open("A", R"({"roots":{"listChanged":true}})");
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":1,"method":"roots/list"})").disposition,
            Disposition::kDelivered);
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].session, "A");
  EXPECT_EQ(got[0].related, std::nullopt);
  EXPECT_EQ(got[0].kind, MessageKind::kRequest);
}

TEST(StdioMultiplexerTest, AnswersServerWithErrorWhenNoSessionCanAnswer) {
  Harness h;
  EXPECT_EQ(h.server(sampling("3")).disposition, Disposition::kRejected);
  EXPECT_EQ(h.backend.take(),
            std::vector<std::string>{R"({"jsonrpc":"2.0","id":3,"error":{"code":-32603,)"
                                     R"("message":"no client session can answer"}})"});
  h.open("A", kSampling);
  h.open("B", kSampling);  // two idle sessions: no way to choose
  EXPECT_EQ(h.server(sampling(R"("s")")).disposition, Disposition::kRejected);
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/id"), R"("s")");
  EXPECT_EQ(at(sent[0], "/error/code"), "-32603");
  EXPECT_TRUE(h.sink.delivered.empty());
}

TEST(StdioMultiplexerTest, AnswersServerPingItself) {
  Harness h;
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":"p1","method":"ping"})").disposition,
            Disposition::kAnswered);
  EXPECT_EQ(h.backend.take(),
            std::vector<std::string>{R"({"jsonrpc":"2.0","id":"p1","result":{}})"});
}

TEST(StdioMultiplexerTest, DropsClientAnswerToAnotherSessionsServerRequest) {
  Harness h;
  h.open("A", kSampling);
  h.open("B", kSampling);
  (void)h.client("A", call("1"));
  (void)h.server(sampling("8"));
  const std::string client_id = at(h.sink.take().at(0).message, "/id");
  h.backend.take();
  EXPECT_EQ(h.client("B", R"({"jsonrpc":"2.0","id":)" + client_id + R"(,"result":{}})").disposition,
            Disposition::kDropped);
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(StdioMultiplexerTest, PassesServerCancellationToTheClient) {
  Harness h;
  h.open("A", kSampling);
  (void)h.client("A", call("1"));
  (void)h.server(sampling("8"));
  const std::string client_id = at(h.sink.take().at(0).message, "/id");
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","method":"notifications/cancelled",)"
                     R"("params":{"requestId":8,"reason":"timeout"}})")
                .detail,
            "A");
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(at(got[0].message, "/params/requestId"), client_id);
  EXPECT_EQ(got[0].related, "1");
  // The request is forgotten: a late answer goes nowhere.
  h.backend.take();
  EXPECT_EQ(h.client("A", R"({"jsonrpc":"2.0","id":)" + client_id + R"(,"result":{}})").disposition,
            Disposition::kDropped);
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(StdioMultiplexerTest, SessionCloseFailsServerRequestsRoutedToIt) {
  Harness h;
  h.open("A", kSampling);
  (void)h.client("A", call("1"));
  (void)h.server(sampling(R"("q")"));
  h.backend.take();
  h.mux.remove_session("A");
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(at(sent[0], "/method"), R"("notifications/cancelled")");
  EXPECT_EQ(sent[1], R"({"jsonrpc":"2.0","id":"q","error":{"code":-32603,)"
                     R"("message":"client session closed"}})");
}

TEST(StdioMultiplexerTest, BackendClosedFailsEveryInFlightRequest) {
  Harness h;
  h.open("A", kSampling);
  h.open("B");
  (void)h.client("A", call("1"));
  (void)h.client("A", call(R"("two")"));
  (void)h.client("B", call("1"));
  (void)h.server(sampling("5"));
  h.sink.take();
  h.backend.take();

  EXPECT_EQ(h.mux.backend_closed("the container exited (code 137)"), 3u);
  EXPECT_FALSE(h.mux.attached());
  EXPECT_TRUE(h.backend.sent.empty());  // nothing to say to a dead backend
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].session, "A");  // the sampling request A was asked is withdrawn first
  EXPECT_EQ(at(got[0].message, "/method"), R"("notifications/cancelled")");
  for (size_t i = 1; i < got.size(); ++i) {
    EXPECT_EQ(got[i].kind, MessageKind::kResponse);
    EXPECT_EQ(at(got[i].message, "/error/code"), "-32603");
    EXPECT_EQ(at(got[i].message, "/error/message"),
              R"j("server stopped: the container exited (code 137)")j");
    EXPECT_EQ(got[i].related, at(got[i].message, "/id"));
  }
  EXPECT_EQ(got[1].related, "1");
  EXPECT_EQ(got[2].related, R"("two")");
  EXPECT_EQ(got[3].session, "B");
  EXPECT_EQ(h.mux.in_flight("A"), 0u);
  EXPECT_EQ(h.mux.session_count(), 2u);  // sessions outlive the backend
}

TEST(StdioMultiplexerTest, RefusesRequestsWhileNoBackendIsAttached) {
  Harness h(false);
  ASSERT_TRUE(h.mux.add_session("A"));
  EXPECT_EQ(
      h.client("A", R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})").disposition,
      Disposition::kRejected);
  EXPECT_EQ(h.client("A", call("2")).disposition, Disposition::kRejected);
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(at(got[1].message, "/error/message"),
            R"("server unavailable: the server has not started yet")");
  EXPECT_EQ(h.client("A", R"({"jsonrpc":"2.0","id":3,"method":"ping"})").disposition,
            Disposition::kAnswered);
  EXPECT_EQ(
      h.client("A", R"({"jsonrpc":"2.0","method":"notifications/roots/list_changed"})").disposition,
      Disposition::kDropped);
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(StdioMultiplexerTest, ReattachResendsSubscriptionsAndLogLevel) {
  Harness h;
  h.open("A");
  h.open("B");
  (void)h.client("A", R"({"jsonrpc":"2.0","id":1,"method":"resources/subscribe",)"
                      R"("params":{"uri":"file:///x"}})");
  (void)h.client("B", R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel",)"
                      R"("params":{"level":"notice"}})");
  (void)h.mux.backend_closed("restarting");
  // While detached, a new subscription is only recorded.
  EXPECT_EQ(h.client("B", R"({"jsonrpc":"2.0","id":2,"method":"resources/subscribe",)"
                          R"("params":{"uri":"file:///y"}})")
                .disposition,
            Disposition::kAnswered);
  h.backend.take();
  h.sink.take();

  ASSERT_TRUE(h.mux.backend_attached(parse(kInitResult)).ok());
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(at(sent[0], "/method"), R"("resources/subscribe")");
  EXPECT_EQ(at(sent[0], "/params/uri"), R"("file:///x")");
  EXPECT_EQ(at(sent[1], "/params/uri"), R"("file:///y")");
  EXPECT_EQ(at(sent[2], "/method"), R"("logging/setLevel")");
  EXPECT_EQ(at(sent[2], "/params/level"), R"("notice")");
  for (const std::string& message : sent) {
    EXPECT_EQ(
        h.server(R"({"jsonrpc":"2.0","id":)" + at(message, "/id") + R"(,"result":{}})").disposition,
        Disposition::kSwallowed);
  }
  // The new server instance may list other things: every session hears so.
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 6u);  // tools, prompts, resources × A, B
  EXPECT_EQ(at(got[0].message, "/method"), R"("notifications/tools/list_changed")");
  EXPECT_EQ(h.client("A", call("3")).disposition, Disposition::kForwarded);
}

TEST(StdioMultiplexerTest, DropsUnknownAndLateResponses) {
  Harness h;
  h.open("A");
  for (const std::string id : {R"("s1-999")", "17", R"("mux-99")", R"("srv-1")"}) {
    const Outcome outcome = h.server(R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":{}})");
    EXPECT_EQ(outcome.disposition, Disposition::kDropped) << id;
    EXPECT_NE(outcome.detail.find(id), std::string::npos) << outcome.detail;
  }
  EXPECT_TRUE(h.sink.delivered.empty());
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(StdioMultiplexerTest, DropsMalformedServerMessages) {
  Harness h;
  h.open("A");
  for (const std::string json :
       {"", "garbage", "[]", "3", R"({"id":1,"result":{}})", R"({"jsonrpc":"2.0","id":1})",
        R"({"jsonrpc":"2.0","id":null,"method":"sampling/createMessage"})",
        R"({"jsonrpc":"2.0","method":"notifications/progress"})",
        R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":{}}})",
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{}})",
        R"({"jsonrpc":"2.0","method":"notifications/resources/updated"})"}) {
    const Outcome outcome = h.server(json);
    EXPECT_EQ(outcome.disposition, Disposition::kDropped) << json;
    EXPECT_FALSE(outcome.detail.empty()) << json;
  }
  EXPECT_TRUE(h.sink.delivered.empty());
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(StdioMultiplexerTest, RejectsInitializeResultWithoutProtocolVersion) {
  Harness h(false);
  EXPECT_FALSE(h.mux.backend_attached(parse(R"({"capabilities":{}})")).ok());
  EXPECT_FALSE(h.mux.backend_attached(parse("[]")).ok());
  EXPECT_FALSE(h.mux.attached());
}

}  // namespace
}  // namespace berth::proxy::sessions
