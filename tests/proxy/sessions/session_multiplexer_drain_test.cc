// Unit tests of SessionMultiplexer: replacing the backend while requests are in flight. The
// replaced backend drains (finishes its requests) while a new one serves everything new.
#include <gtest/gtest.h>

#include <string>

#include "multiplexer_harness.h"

namespace berth::proxy::sessions {
namespace {

constexpr std::string_view kSampling = R"({"sampling":{}})";

std::string call(std::string_view id) {
  return R"({"jsonrpc":"2.0","id":)" + std::string(id) + R"(,"method":"tools/call"})";
}

// A response with `result` to the request sent as `id` (raw JSON).
std::string reply(std::string_view id, std::string_view result = R"({"n":1})") {
  return R"({"jsonrpc":"2.0","id":)" + std::string(id) + R"(,"result":)" + std::string(result) +
         "}";
}

std::string sampling(std::string_view id) {
  return R"({"jsonrpc":"2.0","id":)" + std::string(id) +
         R"(,"method":"sampling/createMessage","params":{"messages":[]}})";
}

// Sends `session`'s request `json` on; returns the backend id it went out under (raw JSON).
std::string forward(Harness& h, const std::string& session, std::string_view json) {
  EXPECT_EQ(h.client(session, json).disposition, Disposition::kForwarded);
  const auto sent = h.backend.take();
  EXPECT_EQ(sent.size(), 1u);
  return sent.empty() ? "" : at(sent[0], "/id");
}

// The current backend starts draining and a new one attaches; clears the fakes.
void replace(Harness& h) {
  ASSERT_TRUE(h.mux.backend_replaced());
  ASSERT_TRUE(h.mux.backend_attached(parse(kInitResult)).ok());
  h.backend.take();
  h.sink.take();
}

TEST(SessionMultiplexerDrainTest, InFlightRequestIsAnsweredByDrainingBackend) {
  Harness h;
  h.open("A");
  const std::string backend_id = forward(h, "A", call("7"));
  EXPECT_TRUE(h.mux.backend_replaced());
  EXPECT_FALSE(h.mux.attached());
  EXPECT_TRUE(h.mux.draining());
  EXPECT_TRUE(h.sink.delivered.empty());  // nothing failed
  ASSERT_TRUE(h.mux.backend_attached(parse(kInitResult)).ok());
  h.sink.take();

  // The new backend never saw the request: an answer from it under that id is foreign.
  EXPECT_EQ(h.server(reply(backend_id)).disposition, Disposition::kDropped);
  EXPECT_EQ(h.old_server(reply(backend_id)).disposition, Disposition::kDelivered);
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].session, "A");
  EXPECT_EQ(got[0].kind, MessageKind::kResponse);
  EXPECT_EQ(got[0].related, "7");
  EXPECT_EQ(got[0].message, reply("7"));
  EXPECT_EQ(h.mux.in_flight("A"), 0u);
}

TEST(SessionMultiplexerDrainTest, RequestAfterReplacementGoesToNewBackend) {
  Harness h;
  h.open("A");
  (void)forward(h, "A", call("1"));
  ASSERT_TRUE(h.mux.backend_replaced());
  // Until the new backend attaches, requests get "server unavailable" (the front holds them).
  EXPECT_EQ(h.client("A", call("2")).disposition, Disposition::kRejected);
  EXPECT_EQ(at(h.sink.take().at(0).message, "/error/message"),
            R"("server unavailable: the server is being replaced")");

  ASSERT_TRUE(h.mux.backend_attached(parse(kInitResult)).ok());
  const auto announced = h.sink.take();  // the new container may list other tools
  ASSERT_EQ(announced.size(), 3u);
  EXPECT_EQ(at(announced[0].message, "/method"), R"("notifications/tools/list_changed")");
  EXPECT_EQ(h.client("A", call("3")).disposition, Disposition::kForwarded);
  EXPECT_EQ(h.backend.take().size(), 1u);
  EXPECT_TRUE(h.backend.sent_draining.empty());
}

TEST(SessionMultiplexerDrainTest, ProgressFromDrainingBackendReachesSession) {
  Harness h;
  h.open("A");
  const std::string backend_id = forward(h, "A",
                                         R"({"jsonrpc":"2.0","id":1,"method":"tools/call",)"
                                         R"("params":{"_meta":{"progressToken":"p"}}})");
  replace(h);
  const std::string progress =
      R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":)" +
      backend_id + R"(,"progress":1}})";
  EXPECT_EQ(h.server(progress).disposition, Disposition::kDropped);
  EXPECT_EQ(h.old_server(progress).disposition, Disposition::kDelivered);
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].session, "A");
  EXPECT_EQ(got[0].related, "1");
  EXPECT_EQ(got[0].kind, MessageKind::kNotification);
  EXPECT_EQ(at(got[0].message, "/params/progressToken"), R"("p")");
}

TEST(SessionMultiplexerDrainTest, SamplingFromDrainingBackendIsAnsweredThroughIt) {
  Harness h;
  h.open("A", kSampling);
  (void)forward(h, "A", call("1"));
  replace(h);
  // The new backend's request is not about the request in flight on the old one: with none in
  // flight on it, nobody is asked.
  ASSERT_EQ(h.server(sampling("41")).disposition, Disposition::kRejected);
  h.backend.take();
  (void)forward(h, "A", call("2"));
  // Both backends ask with the same id; each must get its own answer.
  ASSERT_EQ(h.old_server(sampling("42")).disposition, Disposition::kDelivered);
  ASSERT_EQ(h.server(sampling("42")).disposition, Disposition::kDelivered);
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].session, "A");
  EXPECT_EQ(got[0].related, "1");  // on the stream of the request it serves
  EXPECT_EQ(got[0].kind, MessageKind::kRequest);
  EXPECT_EQ(got[1].related, "2");
  const std::string old_id = at(got[0].message, "/id");
  const std::string new_id = at(got[1].message, "/id");
  EXPECT_NE(old_id, new_id);

  EXPECT_EQ(h.client("A", reply(old_id, R"({"role":"assistant"})")).disposition,
            Disposition::kForwarded);
  EXPECT_EQ(h.backend.take_draining(),
            std::vector<std::string>{reply("42", R"({"role":"assistant"})")});
  EXPECT_TRUE(h.backend.sent.empty());
  EXPECT_EQ(h.client("A", reply(new_id, R"({"role":"user"})")).disposition,
            Disposition::kForwarded);
  EXPECT_EQ(h.backend.take(), std::vector<std::string>{reply("42", R"({"role":"user"})")});
  EXPECT_TRUE(h.backend.sent_draining.empty());
}

TEST(SessionMultiplexerDrainTest, SamplingAskedBeforeReplacementIsAnsweredThroughOldBackend) {
  Harness h;
  h.open("A", kSampling);
  (void)forward(h, "A", call("1"));
  ASSERT_EQ(h.server(sampling(R"("ask")")).disposition, Disposition::kDelivered);
  const std::string client_id = at(h.sink.take().at(0).message, "/id");
  replace(h);
  EXPECT_EQ(h.client("A", reply(client_id)).disposition, Disposition::kForwarded);
  EXPECT_EQ(h.backend.take_draining(), std::vector<std::string>{reply(R"("ask")")});
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(SessionMultiplexerDrainTest, AnswersDrainingBackendsPingThroughIt) {
  Harness h;
  ASSERT_TRUE(h.mux.backend_replaced());
  EXPECT_EQ(h.old_server(R"({"jsonrpc":"2.0","id":"p","method":"ping"})").disposition,
            Disposition::kAnswered);
  EXPECT_EQ(h.backend.take_draining(),
            std::vector<std::string>{R"({"jsonrpc":"2.0","id":"p","result":{}})"});
  EXPECT_TRUE(h.backend.sent.empty());
}

TEST(SessionMultiplexerDrainTest, ClientCancelOfDrainingRequestGoesToDrainingBackend) {
  Harness h;
  h.open("A");
  const std::string backend_id = forward(h, "A", call("1"));
  replace(h);
  EXPECT_EQ(h.client("A", R"({"jsonrpc":"2.0","method":"notifications/cancelled",)"
                          R"("params":{"requestId":1,"reason":"user"}})")
                .disposition,
            Disposition::kForwarded);
  const auto sent = h.backend.take_draining();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(at(sent[0], "/params/requestId"), backend_id);
  EXPECT_EQ(at(sent[0], "/params/reason"), R"("user")");
  EXPECT_TRUE(h.backend.sent.empty());
  EXPECT_EQ(h.mux.draining_in_flight(), 0u);
}

TEST(SessionMultiplexerDrainTest, DrainingClosedFailsOnlyDrainingRequests) {
  Harness h;
  h.open("A", kSampling);
  const std::string old_id = forward(h, "A", call("1"));
  replace(h);
  (void)h.old_server(sampling("9"));
  const std::string asked = at(h.sink.take().at(0).message, "/id");
  const std::string new_id = forward(h, "A", call("2"));

  EXPECT_EQ(h.mux.draining_closed("the old container was removed"), 1u);
  EXPECT_FALSE(h.mux.draining());
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(at(got[0].message, "/method"), R"("notifications/cancelled")");
  EXPECT_EQ(at(got[0].message, "/params/requestId"), asked);
  EXPECT_EQ(got[1].related, "1");
  EXPECT_EQ(at(got[1].message, "/error/code"), "-32603");
  EXPECT_EQ(at(got[1].message, "/error/message"),
            R"("server stopped: the old container was removed")");
  EXPECT_TRUE(h.backend.sent.empty());
  EXPECT_TRUE(h.backend.sent_draining.empty());

  EXPECT_EQ(h.mux.in_flight("A"), 1u);
  EXPECT_EQ(h.server(reply(new_id)).disposition, Disposition::kDelivered);
  EXPECT_EQ(h.sink.take().at(0).related, "2");
  EXPECT_EQ(h.old_server(reply(old_id)).disposition, Disposition::kDropped);
}

TEST(SessionMultiplexerDrainTest, BackendClosedLeavesDrainingRequestsAlone) {
  Harness h;
  h.open("A");
  const std::string old_id = forward(h, "A", call("1"));
  replace(h);
  (void)forward(h, "A", call("2"));

  EXPECT_EQ(h.mux.backend_closed("the new container crashed"), 1u);
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].related, "2");
  EXPECT_TRUE(h.mux.draining());
  EXPECT_EQ(h.mux.draining_in_flight(), 1u);
  EXPECT_EQ(h.old_server(reply(old_id)).disposition, Disposition::kDelivered);
  EXPECT_EQ(h.sink.take().at(0).related, "1");
}

TEST(SessionMultiplexerDrainTest, ReplacedTwiceFailsTheFirstDrainingBackend) {
  Harness h;
  h.open("A");
  (void)forward(h, "A", call("1"));
  replace(h);
  const std::string second_id = forward(h, "A", call("2"));

  EXPECT_TRUE(h.mux.backend_replaced());
  const auto got = h.sink.take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].related, "1");
  EXPECT_EQ(at(got[0].message, "/error/message"),
            R"("server stopped: the server was replaced again")");
  EXPECT_EQ(h.mux.draining_in_flight(), 1u);  // the second backend's request drains now
  EXPECT_EQ(h.old_server(reply(second_id)).disposition, Disposition::kDelivered);
  EXPECT_EQ(h.sink.take().at(0).related, "2");
}

TEST(SessionMultiplexerDrainTest, DropsDrainingBackendsNotifications) {
  Harness h;
  h.open("A");
  (void)h.client("A", R"({"jsonrpc":"2.0","id":1,"method":"resources/subscribe",)"
                      R"("params":{"uri":"file:///x"}})");
  (void)h.server(reply(at(h.backend.take().at(0), "/id"), "{}"));
  replace(h);
  for (const std::string json : {
           R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed"})",
           R"({"jsonrpc":"2.0","method":"notifications/resources/updated",)"
           R"("params":{"uri":"file:///x"}})",
           R"({"jsonrpc":"2.0","method":"notifications/message",)"
           R"("params":{"level":"error","data":"old"}})",
       }) {
    const Outcome outcome = h.old_server(json);
    EXPECT_EQ(outcome.disposition, Disposition::kDropped) << json;
    EXPECT_FALSE(outcome.detail.empty()) << json;
  }
  EXPECT_TRUE(h.sink.delivered.empty());
  // The same from the new backend reaches the session.
  EXPECT_EQ(
      h.server(R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed"})").disposition,
      Disposition::kDelivered);
}

TEST(SessionMultiplexerDrainTest, RemoveSessionCancelsEachRequestOnItsBackend) {
  Harness h;
  h.open("A", kSampling);
  const std::string old_id = forward(h, "A", call("1"));
  replace(h);
  (void)h.old_server(sampling(R"("q")"));
  const std::string new_id = forward(h, "A", call("2"));

  h.mux.remove_session("A");
  const auto to_old = h.backend.take_draining();
  ASSERT_EQ(to_old.size(), 2u);
  EXPECT_EQ(at(to_old[0], "/method"), R"("notifications/cancelled")");
  EXPECT_EQ(at(to_old[0], "/params/requestId"), old_id);
  EXPECT_EQ(to_old[1], R"({"jsonrpc":"2.0","id":"q","error":{"code":-32603,)"
                       R"("message":"client session closed"}})");
  const auto to_new = h.backend.take();
  ASSERT_EQ(to_new.size(), 1u);
  EXPECT_EQ(at(to_new[0], "/params/requestId"), new_id);
  EXPECT_EQ(h.mux.draining_in_flight(), 0u);
}

TEST(SessionMultiplexerDrainTest, CountsRequestsInFlightOnDrainingBackend) {
  Harness h;
  h.open("A");
  h.open("B");
  EXPECT_EQ(h.mux.draining_in_flight(), 0u);
  const std::string a1 = forward(h, "A", call("1"));
  (void)forward(h, "B", call("1"));
  replace(h);
  (void)forward(h, "A", call("2"));  // on the new backend: not draining
  EXPECT_EQ(h.mux.draining_in_flight(), 2u);
  EXPECT_EQ(h.mux.in_flight("A"), 2u);
  (void)h.old_server(reply(a1));
  EXPECT_EQ(h.mux.draining_in_flight(), 1u);
  EXPECT_EQ(h.mux.draining_closed("drain period over"), 1u);
  EXPECT_EQ(h.mux.draining_in_flight(), 0u);
  EXPECT_EQ(h.mux.in_flight("A"), 1u);
}

TEST(SessionMultiplexerDrainTest, SwallowsDrainingBackendsAnswersToBerthsOwnRequests) {
  Harness h;
  h.open("A");
  (void)h.client("A", R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel",)"
                      R"("params":{"level":"info"}})");
  const std::string own_id = at(h.backend.take().at(0), "/id");
  ASSERT_TRUE(h.mux.backend_replaced());
  ASSERT_TRUE(h.mux.backend_attached(parse(kInitResult)).ok());
  const auto resent = h.backend.take();  // the new backend gets the level too
  ASSERT_EQ(resent.size(), 1u);
  EXPECT_EQ(at(resent[0], "/params/level"), R"("info")");
  EXPECT_EQ(h.old_server(reply(own_id, "{}")).disposition, Disposition::kSwallowed);
  EXPECT_EQ(h.server(reply(at(resent[0], "/id"), "{}")).disposition, Disposition::kSwallowed);
}

TEST(SessionMultiplexerDrainTest, ReplacingWithoutAttachedBackendChangesNothing) {
  Harness h;
  h.open("A");
  const std::string backend_id = forward(h, "A", call("1"));
  ASSERT_TRUE(h.mux.backend_replaced());
  EXPECT_FALSE(h.mux.backend_replaced());  // the next one never attached: nothing to drain
  EXPECT_TRUE(h.sink.delivered.empty());
  EXPECT_EQ(h.mux.draining_in_flight(), 1u);
  EXPECT_EQ(h.old_server(reply(backend_id)).disposition, Disposition::kDelivered);
}

TEST(SessionMultiplexerDrainTest, DropsMessagesWhenNothingDrains) {
  Harness h;
  h.open("A");
  const std::string backend_id = forward(h, "A", call("1"));
  EXPECT_FALSE(h.mux.draining());
  EXPECT_EQ(h.old_server(reply(backend_id)).disposition, Disposition::kDropped);
  EXPECT_EQ(h.mux.draining_closed("nothing"), 0u);
  EXPECT_EQ(h.mux.in_flight("A"), 1u);
  EXPECT_TRUE(h.sink.delivered.empty());
}

}  // namespace
}  // namespace berth::proxy::sessions
