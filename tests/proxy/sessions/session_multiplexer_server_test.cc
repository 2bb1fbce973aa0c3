// Unit tests of SessionMultiplexer: requests the server sends to clients, the backend going away
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

TEST(SessionMultiplexerTest, RoutesSamplingToTheOnlyRequestInFlight) {
  Harness h;
  h.open("A", kSampling);
  h.open("B", kSampling);
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

TEST(SessionMultiplexerTest, PrefersSessionNamedByProgressToken) {
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

// Under load "the most recent request" is a random client's: with two in flight and no token,
// the server's request goes to nobody.
TEST(SessionMultiplexerTest, RefusesServerRequestWhenSeveralRequestsAreInFlight) {
  Harness h;
  h.open("A", kSampling);
  h.open("B", kSampling);
  (void)h.client("A", call("1"));
  (void)h.client("B", call("1"));
  h.backend.take();
  for (const std::string& request :
       {sampling("3"), std::string(R"({"jsonrpc":"2.0","id":4,"method":"elicitation/create"})")}) {
    const Outcome outcome = h.server(request);
    EXPECT_EQ(outcome.disposition, Disposition::kRejected);
    EXPECT_NE(outcome.detail.find("2 client requests are in flight"), std::string::npos)
        << outcome.detail;
  }
  EXPECT_TRUE(h.sink.delivered.empty());
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(at(sent[0], "/id"), "3");
  EXPECT_EQ(at(sent[0], "/error/code"), "-32603");
  EXPECT_NE(at(sent[0], "/error/message").find("berth cannot tell which client"),
            std::string::npos);
}

// The request that caused it belongs to a session that cannot answer: another session that
// could must not get it (it would see the first client's prompt and answer for it).
TEST(SessionMultiplexerTest, RefusesServerRequestWhoseClientLacksTheCapability) {
  Harness h;
  h.open("A", kSampling);
  h.open("B", R"({"roots":{}})");
  (void)h.client("A", call("1"));
  (void)h.client("B", R"({"jsonrpc":"2.0","id":1,"method":"tools/call",)"
                      R"("params":{"_meta":{"progressToken":"p"}}})");
  const std::string token = at(h.backend.take().at(1), "/params/_meta/progressToken");
  const Outcome outcome = h.server(sampling("9", R"(,"_meta":{"progressToken":)" + token + "}"));
  EXPECT_EQ(outcome.disposition, Disposition::kRejected);
  EXPECT_NE(outcome.detail.find("did not declare the sampling capability"), std::string::npos)
      << outcome.detail;
  EXPECT_TRUE(h.sink.delivered.empty());
  EXPECT_EQ(at(h.backend.take().at(0), "/error/code"), "-32603");
}

// A token that names no request in flight names nobody, even when exactly one other request is
// in flight: the request it named has finished, and the one in flight may be another client's.
TEST(SessionMultiplexerTest, RefusesServerRequestWithATokenOfNoRequestInFlight) {
  Harness h;
  h.open("A", kSampling);
  h.open("B", kSampling);
  (void)h.client("A", R"({"jsonrpc":"2.0","id":1,"method":"tools/call",)"
                      R"("params":{"_meta":{"progressToken":"a"}}})");
  const std::string a_id = at(h.backend.take().at(0), "/id");
  (void)h.server(R"({"jsonrpc":"2.0","id":)" + a_id + R"(,"result":{}})");
  (void)h.client("B", call("2"));
  h.sink.take();
  for (const std::string& token : {a_id, std::string(R"("made-up")"), std::string("7")}) {
    const Outcome outcome = h.server(sampling("9", R"(,"_meta":{"progressToken":)" + token + "}"));
    EXPECT_EQ(outcome.disposition, Disposition::kRejected) << token;
    EXPECT_NE(outcome.detail.find("names no client request in flight"), std::string::npos)
        << outcome.detail;
  }
  EXPECT_TRUE(h.sink.delivered.empty());
}

// The server asks on its own (at start, on a timer): no client request caused it.
TEST(SessionMultiplexerTest, RefusesServerRequestOutsideAnyClientRequest) {
  Harness h;
  EXPECT_EQ(h.server(sampling("3")).disposition, Disposition::kRejected);
  EXPECT_EQ(at(h.backend.take().at(0), "/id"), "3");
  h.open("A", kSampling);  // even the one idle session that could answer does not get it
  const Outcome outcome = h.server(sampling(R"("s")"));
  EXPECT_EQ(outcome.disposition, Disposition::kRejected);
  EXPECT_NE(outcome.detail.find("no client request is in flight"), std::string::npos)
      << outcome.detail;
  const auto sent = h.backend.take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/id"), R"("s")");
  EXPECT_EQ(at(sent[0], "/error/code"), "-32603");
  // The method, the server's own text, goes into the (logged) reason quoted: no forged lines.
  const Outcome odd = h.server(R"({"jsonrpc":"2.0","id":5,"method":"x\nlevel=error forged"})");
  EXPECT_EQ(odd.disposition, Disposition::kRejected);
  EXPECT_EQ(odd.detail.find('\n'), std::string::npos) << odd.detail;
  EXPECT_TRUE(h.sink.delivered.empty());
}

// A shared server keeps the roots it is told for everyone: berth answers roots/list itself,
// with none, whether a client request is in flight or not, and no client is asked.
TEST(SessionMultiplexerTest, AnswersRootsListItselfWithNoRoots) {
  Harness h;
  h.open("A", R"({"roots":{"listChanged":true}})");
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":1,"method":"roots/list"})").disposition,
            Disposition::kAnswered);
  EXPECT_EQ(h.backend.take(),
            std::vector<std::string>{R"({"jsonrpc":"2.0","id":1,"result":{"roots":[]}})"});
  (void)h.client("A", R"({"jsonrpc":"2.0","id":1,"method":"tools/call",)"
                      R"("params":{"_meta":{"progressToken":"a"}}})");
  const std::string token = at(h.backend.take().at(0), "/params/_meta/progressToken");
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":"r2","method":"roots/list",)"
                     R"("params":{"_meta":{"progressToken":)" +
                     token + "}}}")
                .disposition,
            Disposition::kAnswered);
  EXPECT_EQ(h.backend.take(),
            std::vector<std::string>{R"({"jsonrpc":"2.0","id":"r2","result":{"roots":[]}})"});
  EXPECT_TRUE(h.sink.delivered.empty());
}

TEST(SessionMultiplexerTest, AnswersServerPingItself) {
  Harness h;
  EXPECT_EQ(h.server(R"({"jsonrpc":"2.0","id":"p1","method":"ping"})").disposition,
            Disposition::kAnswered);
  EXPECT_EQ(h.backend.take(),
            std::vector<std::string>{R"({"jsonrpc":"2.0","id":"p1","result":{}})"});
}

TEST(SessionMultiplexerTest, DropsClientAnswerToAnotherSessionsServerRequest) {
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

TEST(SessionMultiplexerTest, PassesServerCancellationToTheClient) {
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

TEST(SessionMultiplexerTest, SessionCloseFailsServerRequestsRoutedToIt) {
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

TEST(SessionMultiplexerTest, BackendClosedFailsEveryInFlightRequest) {
  Harness h;
  h.open("A", kSampling);
  h.open("B");
  (void)h.client("A", call("1"));
  (void)h.client("A", R"({"jsonrpc":"2.0","id":"two","method":"tools/call",)"
                      R"("params":{"_meta":{"progressToken":"p"}}})");
  (void)h.client("B", call("1"));
  const std::string token = at(h.backend.take().at(1), "/params/_meta/progressToken");
  ASSERT_EQ(h.server(sampling("5", R"(,"_meta":{"progressToken":)" + token + "}")).detail, "A");
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

TEST(SessionMultiplexerTest, RefusesRequestsWhileNoBackendIsAttached) {
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
  EXPECT_EQ(h.client("A", R"({"jsonrpc":"2.0","method":"notifications/progress",)"
                          R"("params":{"progressToken":"x","progress":1}})")
                .disposition,
            Disposition::kDropped);
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(SessionMultiplexerTest, ReattachResendsSubscriptionsAndLogLevel) {
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

TEST(SessionMultiplexerTest, DropsUnknownAndLateResponses) {
  Harness h;
  h.open("A");
  for (const std::string id : {R"("s1-999")", "17", R"("mux-99")", R"("srv-1")"}) {
    const Outcome outcome = h.server(R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":{}})");
    EXPECT_EQ(outcome.disposition, Disposition::kForeign) << id;
    EXPECT_EQ(outcome.detail, id);
  }
  // An id of this multiplexer's, cancelled: late, not foreign.
  (void)h.client("A", call("1"));
  const std::string backend_id = at(h.backend.take().at(0), "/id");
  (void)h.client("A", R"({"jsonrpc":"2.0","method":"notifications/cancelled",)"
                      R"("params":{"requestId":1}})");
  const Outcome late = h.server(R"({"jsonrpc":"2.0","id":)" + backend_id + R"(,"result":{}})");
  EXPECT_EQ(late.disposition, Disposition::kDropped);
  EXPECT_NE(late.detail.find(backend_id), std::string::npos) << late.detail;
  EXPECT_TRUE(h.sink.delivered.empty());
}

// Two multiplexers over one server are two berth runs: the server outlived the first (killed with
// a request in flight) and the second adopted it. The first run's late answer must not reach the
// second run's client that happens to use the same session slot and JSON-RPC id.
TEST(SessionMultiplexerTest, AnswerToAnEarlierRunsRequestReachesNoClient) {
  Harness first_run;
  first_run.open("A");
  (void)first_run.client("A", call("7"));
  const std::string old_id = at(first_run.backend.take().at(0), "/id");

  Harness second_run;
  second_run.open("B");
  (void)second_run.client("B", call("7"));
  const std::string new_id = at(second_run.backend.take().at(0), "/id");
  EXPECT_NE(old_id, new_id);

  const Outcome late = second_run.server(R"({"jsonrpc":"2.0","id":)" + old_id +
                                         R"(,"result":{"content":"A's 20 s result"}})");
  EXPECT_EQ(late.disposition, Disposition::kForeign);
  EXPECT_EQ(late.detail, old_id);
  EXPECT_TRUE(second_run.sink.delivered.empty());
  EXPECT_EQ(second_run.mux.in_flight("B"), 1u);
  EXPECT_EQ(second_run
                .server(R"({"jsonrpc":"2.0","id":)" + new_id +
                        R"(,"result":{"content":"B's 10 s result"}})")
                .detail,
            "B");
  EXPECT_EQ(at(second_run.sink.take().at(0).message, "/result/content"), R"("B's 10 s result")");
}

// berth's own requests (subscriptions, log level) carry the same fresh tag.
TEST(SessionMultiplexerTest, OwnRequestsCarryTheRunsTag) {
  Harness first_run;
  Harness second_run;
  first_run.open("A");
  second_run.open("A");
  const std::string set_level =
      R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"info"}})";
  (void)first_run.client("A", set_level);
  (void)second_run.client("A", set_level);
  const std::string old_id = at(first_run.backend.take().at(0), "/id");
  const std::string new_id = at(second_run.backend.take().at(0), "/id");
  EXPECT_NE(old_id, new_id);
  EXPECT_EQ(
      second_run.server(R"({"jsonrpc":"2.0","id":)" + old_id + R"(,"result":{}})").disposition,
      Disposition::kForeign);
  EXPECT_EQ(
      second_run.server(R"({"jsonrpc":"2.0","id":)" + new_id + R"(,"result":{}})").disposition,
      Disposition::kSwallowed);
}

TEST(SessionMultiplexerTest, DropsMalformedServerMessages) {
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

TEST(SessionMultiplexerTest, RejectsInitializeResultWithoutProtocolVersion) {
  Harness h(false);
  EXPECT_FALSE(h.mux.backend_attached(parse(R"({"capabilities":{}})")).ok());
  EXPECT_FALSE(h.mux.backend_attached(parse("[]")).ok());
  EXPECT_FALSE(h.mux.attached());
}

}  // namespace
}  // namespace berth::proxy::sessions
