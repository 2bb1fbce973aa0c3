// McpFront as a unit: the routes, the ready-wait, route swaps and the multiplexed sessions of
// /mcp/{name} and /sse/{name}, with scripted channels (no container, no dockerd) and fake time
// (no sleeping for timeouts). Requests go over real sockets to the real HTTP server.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <future>
#include <map>
#include <string>
#include <vector>

#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/json_rpc.h"
#include "tests/proxy/front/mcp_front_harness.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/tools/http_test_client.h"
#include "tests/tools/test_server/mcp_test_messages.h"

namespace berth::proxy::front::testing {
namespace {

using namespace std::chrono_literals;
using http::testing::eventually;
using test_support::HttpTestClient;
using test_support::HttpTestResult;
using Headers = std::map<std::string, std::string>;

std::string init(int id, const std::string& capabilities = "{}") {
  return test_support::request(id, "initialize",
                               R"({"protocolVersion":"2025-06-18","capabilities":)" + capabilities +
                                   R"(,"clientInfo":{"name":"front-test","version":"0"}})");
}

std::future<HttpTestResult> post_async(std::uint16_t port, std::string body, Headers headers = {}) {
  return std::async(std::launch::async, [=] {
    HttpTestClient client(port);
    return client.post_json("/mcp/demo", body, headers, 10s);
  });
}

// A script answering every request but `method` with an empty result.
Script answer_all_but(std::string method) {
  Script all = answer_every_request();
  return [all, method](const std::string& message) -> std::vector<std::string> {
    if (message.find("\"method\":\"" + method + "\"") != std::string::npos) return {};
    return all(message);
  };
}

ScriptedChannelOptions scripted(Script script) {
  ScriptedChannelOptions options;
  options.script = std::move(script);
  return options;
}

// The JSON-RPC id (raw JSON) of a message.
std::string id_of(const std::string& message) {
  auto parsed = mcp::parse_json(message);
  return parsed ? mcp::classify(*parsed).id : "";
}

// The id of a JSON body's error, raw ("" if not an error).
std::string error_id(const std::string& body) {
  rapidjson::Document document;
  document.Parse(body.c_str());
  if (!document.IsObject() || !document.HasMember("error")) return "";
  return mcp::to_json(document["id"]);
}

// The messages berth sent on the harness's channel `i` that contain `needle`.
std::vector<std::string> sent_with(McpFrontHarness& harness, size_t i, const std::string& needle) {
  std::vector<std::string> found;
  EXPECT_TRUE(harness.on_io([&] {
    if (harness.channels().opened() > i) found = harness.channels().channel(i).sent_with(needle);
  }));
  return found;
}

bool request_held(McpFrontHarness& harness) {
  return eventually([&] {
    size_t armed = 0;
    EXPECT_TRUE(harness.on_io([&] { armed = harness.timers().armed(); }));
    return armed == 1;  // the ready-wait's timer (the reap timer runs only after start())
  });
}

std::string open_session(McpFrontHarness& harness, const std::string& capabilities = "{}") {
  HttpTestClient client(harness.port());
  HttpTestResult answer = client.post_json("/mcp/demo", init(1, capabilities));
  EXPECT_EQ(answer.response.status, 200) << answer.error << answer.response.body;
  return answer.response.header("Mcp-Session-Id");
}

bool open_get_stream(HttpTestClient& client, const std::string& sid, int* status = nullptr) {
  if (!client
           .send_raw("GET /mcp/demo HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                     "Mcp-Session-Id: " +
                     sid + "\r\n\r\n")
           .empty()) {
    return false;
  }
  auto head = client.read_raw_until("\r\n\r\n");
  if (status != nullptr && head.ok()) *status = std::stoi(head.response.body.substr(9, 3));
  return head.ok() && head.response.body.rfind("HTTP/1.1 200", 0) == 0;
}

TEST(McpFrontTest, RequestForANotReadyServerGets503AfterTheReadyWait) {
  McpFrontOptions options;
  options.ready_wait = 10s;
  options.retry_after = 3s;
  McpFrontHarness harness(options);
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1", /*ready=*/false)}));
  auto answer = post_async(harness.port(), init(7));
  ASSERT_TRUE(request_held(harness));
  ASSERT_TRUE(harness.advance(9s));
  EXPECT_EQ(answer.wait_for(100ms), std::future_status::timeout);
  ASSERT_TRUE(harness.advance(1s));
  HttpTestResult result = answer.get();
  EXPECT_EQ(result.response.status, 503) << result.response.body;
  EXPECT_EQ(result.response.header("Retry-After"), "3");
  EXPECT_NE(result.response.body.find("-32603"), std::string::npos);
  EXPECT_EQ(error_id(result.response.body), "7");  // the request's own id, not null
}

TEST(McpFrontTest, NotReadyBatchGetsOneErrorPerRequestEchoingItsId) {
  McpFrontOptions options;
  options.ready_wait = 0ms;  // answered at once
  McpFrontHarness harness(options);
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1", /*ready=*/false)}));
  HttpTestClient client(harness.port());
  const std::string batch = "[" + test_support::request(21, "tools/list", "{}") + "," +
                            test_support::initialized_notification() + "," +
                            R"({"jsonrpc":"2.0","id":"b","method":"ping"}])";
  HttpTestResult result = client.post_json("/mcp/demo", batch, {{"Mcp-Session-Id", "x"}});
  EXPECT_EQ(result.response.status, 503);
  rapidjson::Document body;
  body.Parse(result.response.body.c_str());
  ASSERT_TRUE(body.IsArray()) << result.response.body;
  ASSERT_EQ(body.Size(), 2u);
  EXPECT_EQ(mcp::to_json(body[0]["id"]), "21");
  EXPECT_EQ(mcp::to_json(body[1]["id"]), "\"b\"");
  EXPECT_EQ(body[1]["error"]["code"].GetInt(), -32603);
}

TEST(McpFrontTest, WaitingRequestIsServedWhenTheServerBecomesReady) {
  McpFrontHarness harness;
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1", /*ready=*/false)}));
  auto answer = post_async(harness.port(), init(1));
  ASSERT_TRUE(request_held(harness));
  // No time passes: the pushed table wakes it, not a poll.
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1")}));
  ASSERT_EQ(answer.wait_for(5s), std::future_status::ready);
  HttpTestResult result = answer.get();
  EXPECT_EQ(result.response.status, 200) << result.response.body;
  EXPECT_FALSE(result.response.header("Mcp-Session-Id").empty());
}

TEST(McpFrontTest, AServerInTheSpecsIsWaitedForNeverAnswered404) {
  McpFrontHarness harness;
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1")}));
  HttpTestClient client(harness.port());
  EXPECT_EQ(client.post_json("/mcp/other", init(1)).response.status, 404);
  // The server restarts: not Ready, yet still in the table.
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1", /*ready=*/false)}));
  auto answer = post_async(harness.port(), init(2));
  ASSERT_TRUE(request_held(harness));
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c2")}));
  EXPECT_EQ(answer.get().response.status, 200);
}

TEST(McpFrontTest, SecondGetStreamOfASessionGets409) {
  McpFrontHarness harness;
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1")}));
  const std::string sid = open_session(harness);
  HttpTestClient first(harness.port());
  ASSERT_TRUE(open_get_stream(first, sid));
  HttpTestClient second(harness.port());
  int status = 0;
  EXPECT_FALSE(open_get_stream(second, sid, &status));
  EXPECT_EQ(status, 409);
}

TEST(McpFrontTest, SpecEditDrainsTheOldChannelWhileNewRequestsGoToTheNew) {
  McpFrontHarness harness({}, scripted(answer_all_but("tools/call")));
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1")}));
  const std::string sid = open_session(harness);
  auto call = post_async(harness.port(), test_support::tool_call(5, "slow", "{}"),
                         {{"Mcp-Session-Id", sid}});
  std::vector<std::string> forwarded;
  ASSERT_TRUE(
      eventually([&] { return !(forwarded = sent_with(harness, 0, "tools/call")).empty(); }));
  // The edit: the route moves to c2. It reaches the front at once, with no request to carry it.
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c2")}));
  bool opened_new = false;
  bool retired_old = true;
  ASSERT_TRUE(harness.on_io([&] {
    opened_new = harness.channels().opened() == 2 && harness.channels().container(1) == "c2";
    retired_old = harness.channels().retired(0);
  }));
  EXPECT_TRUE(opened_new);
  EXPECT_FALSE(retired_old);  // draining: the call in flight finishes there
  HttpTestClient client(harness.port());
  const std::string list = test_support::request(6, "tools/list", "{}");
  EXPECT_EQ(client.post_json("/mcp/demo", list, {{"Mcp-Session-Id", sid}}).response.status, 200);
  EXPECT_EQ(sent_with(harness, 1, "tools/list").size(), 1u);
  EXPECT_TRUE(sent_with(harness, 0, "tools/list").empty());
  // The old container answers the call: it reaches its client, and the old channel is retired.
  const std::string backend_id = id_of(forwarded.front());
  ASSERT_TRUE(harness.on_io([&] {
    harness.channels().channel(0).from_server(
        mcp::result_response(backend_id, R"({"content":[{"type":"text","text":"done"}]})"));
  }));
  HttpTestResult result = call.get();
  EXPECT_EQ(result.response.status, 200);
  EXPECT_NE(result.response.body.find("\"done\""), std::string::npos) << result.response.body;
  EXPECT_EQ(id_of(result.response.body), "5");
  EXPECT_TRUE(eventually([&] {
    bool retired = false;
    EXPECT_TRUE(harness.on_io([&] { retired = harness.channels().retired(0); }));
    return retired;
  }));
}

TEST(McpFrontTest, LegacySseStreamCarriesTheAnswersToItsMessages) {
  McpFrontHarness harness({}, scripted(answer_every_request()));
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1")}));
  HttpTestClient stream(harness.port());
  ASSERT_EQ(stream.send_raw("GET /sse/demo HTTP/1.1\r\nHost: localhost\r\n"
                            "Accept: text/event-stream\r\n\r\n"),
            "");
  HttpTestResult endpoint = stream.read_raw_until("\n\n");
  ASSERT_TRUE(endpoint.ok()) << endpoint.error;
  const std::string& raw = endpoint.response.body;
  const size_t at = raw.find("/sse/demo/messages?sessionId=");
  ASSERT_NE(at, std::string::npos) << raw;
  const std::string target = raw.substr(at, raw.find('\n', at) - at);
  HttpTestClient poster(harness.port());
  auto posted =
      poster.request(http::Verb::post, target, init(11), {{"Content-Type", "application/json"}});
  EXPECT_EQ(posted.response.status, 202) << posted.response.body;
  HttpTestResult answer = stream.read_raw_until("\"id\":11");
  EXPECT_TRUE(answer.ok()) << answer.error;
  auto tools =
      poster.request(http::Verb::post, target, test_support::request(12, "tools/list", "{}"),
                     {{"Content-Type", "application/json"}});
  EXPECT_EQ(tools.response.status, 202);
  EXPECT_TRUE(stream.read_raw_until("\"id\":12").ok());
  HttpTestClient stranger(harness.port());
  EXPECT_EQ(stranger
                .request(http::Verb::post, "/sse/demo/messages?sessionId=nope", init(13),
                         {{"Content-Type", "application/json"}})
                .response.status,
            404);
}

// Whether the first channel comes to hold one handshake (a script with hold_handshake).
bool one_handshake_held(McpFrontHarness& harness) {
  return eventually([&] {
    size_t waiting = 0;
    EXPECT_TRUE(harness.on_io([&] {
      if (harness.channels().opened() > 0)
        waiting = harness.channels().channel(0).handshakes_held();
    }));
    return waiting == 1;
  });
}

TEST(McpFrontTest, ClientInitializeIsAnsweredAfterTheUpstreamHandshake) {
  ScriptedChannelOptions held;
  held.hold_handshake = true;
  McpFrontHarness harness({}, held);
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1")}));
  auto answer = post_async(harness.port(), init(3));
  ASSERT_TRUE(one_handshake_held(harness));
  EXPECT_EQ(answer.wait_for(100ms), std::future_status::timeout);
  ASSERT_TRUE(harness.on_io([&] { harness.channels().channel(0).answer_handshake(); }));
  HttpTestResult result = answer.get();
  EXPECT_EQ(result.response.status, 200) << result.response.body;
  EXPECT_EQ(id_of(result.response.body), "3");
  EXPECT_NE(result.response.body.find("protocolVersion"), std::string::npos);
  size_t handshakes = 0;
  ASSERT_TRUE(
      harness.on_io([&] { handshakes = harness.channels().channel(0).handshakes_asked(); }));
  EXPECT_EQ(handshakes, 1u);  // the client's initialize is answered from berth's own
}

TEST(McpFrontTest, FailedUpstreamHandshakeAnswers502) {
  ScriptedChannelOptions held;
  held.hold_handshake = true;
  McpFrontHarness harness({}, held);
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1")}));
  auto answer = post_async(harness.port(), init(4));
  ASSERT_TRUE(one_handshake_held(harness));
  ASSERT_TRUE(harness.on_io([&] { harness.channels().channel(0).fail_handshake("no answer"); }));
  HttpTestResult result = answer.get();
  EXPECT_EQ(result.response.status, 502) << result.response.body;
  EXPECT_EQ(error_id(result.response.body), "4");
}

TEST(McpFrontTest, SessionCapRefusesAnInitializeWith503) {
  McpFrontOptions options;
  options.sessions.max_sessions = 1;
  options.sessions.retry_after = 4s;
  McpFrontHarness harness(options);
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1")}));
  const std::string sid = open_session(harness);
  HttpTestClient stream(harness.port());
  ASSERT_TRUE(open_get_stream(stream, sid));
  HttpTestClient client(harness.port());
  HttpTestResult refused = client.post_json("/mcp/demo", init(9));
  EXPECT_EQ(refused.response.status, 503);
  EXPECT_EQ(refused.response.header("Retry-After"), "4");
  EXPECT_EQ(error_id(refused.response.body), "9");
}

TEST(McpFrontTest, NotificationsReachTheGetStreamAndServerRequestsTheirSession) {
  McpFrontHarness harness({}, scripted(answer_all_but("tools/call")));
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1")}));
  const std::string sid = open_session(harness, R"({"sampling":{}})");
  HttpTestClient stream(harness.port());
  ASSERT_TRUE(open_get_stream(stream, sid));
  ASSERT_TRUE(harness.on_io([&] {
    harness.channels().channel(0).from_server(
        R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed"})");
  }));
  EXPECT_TRUE(stream.read_raw_until("notifications/tools/list_changed").ok());
  // A tool call in flight; the server asks for sampling while serving it: the question goes on
  // that call's answer stream, and the client's answer goes back to the server under its id.
  HttpTestClient caller(harness.port());
  const std::string call = test_support::tool_call(5, "ask", "{}");
  ASSERT_EQ(caller.send_raw("POST /mcp/demo HTTP/1.1\r\nHost: localhost\r\n"
                            "Content-Type: application/json\r\n"
                            "Accept: application/json, text/event-stream\r\n"
                            "Mcp-Session-Id: " +
                            sid + "\r\nContent-Length: " + std::to_string(call.size()) +
                            "\r\n\r\n" + call),
            "");
  std::vector<std::string> forwarded;
  ASSERT_TRUE(
      eventually([&] { return !(forwarded = sent_with(harness, 0, "tools/call")).empty(); }));
  ASSERT_TRUE(harness.on_io([&] {
    harness.channels().channel(0).from_server(
        R"({"jsonrpc":"2.0","id":"s-1","method":"sampling/createMessage","params":{}})");
  }));
  HttpTestResult asked = caller.read_raw_until("sampling/createMessage");
  ASSERT_TRUE(asked.ok()) << asked.error;
  HttpTestResult rest = caller.read_raw_until("}\n\n");
  ASSERT_TRUE(rest.ok());
  std::string event = asked.response.body + rest.response.body;
  event = event.substr(event.rfind("data: ") + 6);
  event = event.substr(0, event.find('\n'));
  const std::string client_id = id_of(event);
  ASSERT_FALSE(client_id.empty()) << event;
  HttpTestClient answerer(harness.port());
  EXPECT_EQ(answerer
                .post_json("/mcp/demo", mcp::result_response(client_id, R"({"role":"assistant"})"),
                           {{"Mcp-Session-Id", sid}})
                .response.status,
            202);
  EXPECT_TRUE(eventually([&] { return !sent_with(harness, 0, "\"s-1\"").empty(); }));
  ASSERT_TRUE(harness.on_io([&] {
    harness.channels().channel(0).from_server(mcp::result_response(id_of(forwarded.front()), "{}"));
  }));
  EXPECT_TRUE(caller.read_raw_until("\"id\":5").ok());
}

TEST(McpFrontTest, IdleSessionsAndTheFrontsOfServersGoneAreReaped) {
  McpFrontOptions options;
  options.reap_every = 30s;
  options.sessions.idle = 60s;
  McpFrontHarness harness(options);
  ASSERT_TRUE(harness.publish({stdio_route("demo", "c1")}));
  ASSERT_TRUE(harness.on_io([&] { harness.front().start(); }));
  const std::string sid = open_session(harness);
  auto sessions = [&] {
    std::map<std::string, size_t> counts;
    EXPECT_TRUE(harness.on_io([&] { counts = harness.front().session_counts(); }));
    return counts;
  };
  ASSERT_TRUE(harness.advance(60s));  // reaped at 30 s and 60 s: idle 60 s is not past the limit
  EXPECT_EQ(sessions()["demo"], 1u);
  ASSERT_TRUE(harness.advance(30s));
  EXPECT_EQ(sessions()["demo"], 0u);
  HttpTestClient client(harness.port());
  EXPECT_EQ(client
                .post_json("/mcp/demo", test_support::request(2, "tools/list", "{}"),
                           {{"Mcp-Session-Id", sid}})
                .response.status,
            404);
  ASSERT_TRUE(harness.publish({}));  // the server is removed
  ASSERT_TRUE(harness.advance(30s));
  EXPECT_TRUE(sessions().empty());
}

}  // namespace
}  // namespace berth::proxy::front::testing
