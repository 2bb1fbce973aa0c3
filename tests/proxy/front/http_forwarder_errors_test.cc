// What a client gets when the backend fails: 502 when nothing answers, 504 when the head is
// late (both as JSON-RPC errors), and a truncated response when the body breaks off or stalls.

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>

#include "tests/proxy/front/fake_backend.h"
#include "tests/proxy/front/front_harness.h"
#include "tests/tools/http_test_client.h"
#include "tests/tools/test_server/mcp_test_messages.h"
#include "tests/tools/test_server/test_server_process.h"

namespace berth::proxy::front::testing {
namespace {

using test_support::HttpTestClient;
using test_support::HttpTestResult;
using test_support::JsonAnswer;

HttpForwarderOptions head_timeout(std::chrono::milliseconds head) {
  HttpForwarderOptions options = short_timeouts();
  options.head_timeout = head;
  return options;
}

// Checks a gateway error: the status, a JSON-RPC error body answering request 1 (the id of
// every request these tests send: berth echoes it), and the start of its message.
void expect_gateway_error(const HttpTestResult& result, int status, const std::string& message) {
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, status);
  EXPECT_EQ(result.response.header("Content-Type"), "application/json");
  JsonAnswer answer(result.response.body);
  EXPECT_EQ(answer.string_at("/jsonrpc"), "2.0");
  EXPECT_EQ(answer.json_at("/id"), "1");
  EXPECT_EQ(answer.int_at("/error/code"), -32603);
  EXPECT_TRUE(answer.string_at("/error/message").starts_with(message)) << result.response.body;
}

// A backend script that reads the request, then says nothing until berth hangs up; `closed`
// tells whether it did.
FakeBackend::Script silent_until_closed(std::shared_ptr<std::promise<bool>> closed) {
  return [closed](BackendConnection& connection) {
    if (!connection.read_request()) return closed->set_value(false);
    closed->set_value(connection.wait_closed(5s));
  };
}

TEST(HttpForwarderErrorsTest, BackendNotListeningIs502) {
  FrontHarness front(http_route(unused_port()));
  HttpTestClient client(front.port());
  HttpTestResult result =
      client.post_json(FrontHarness::target(), test_support::request(1, "ping"));
  expect_gateway_error(result, 502, "server demo is unreachable: connect to 127.0.0.1: ");
  EXPECT_TRUE(result.response.keep_alive) << "the client's connection survives the error";
}

TEST(HttpForwarderErrorsTest, RouteWithoutPortIs502) {
  FrontHarness front(http_route(0));
  HttpTestClient client(front.port());
  expect_gateway_error(client.post_json(FrontHarness::target(), test_support::request(1, "ping")),
                       502, "server demo is unreachable: no port published");
}

TEST(HttpForwarderErrorsTest, BackendClosingWithoutAnswerIs502) {
  FakeBackend backend([](BackendConnection& connection) { (void)connection.read_request(); });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  expect_gateway_error(client.post_json(FrontHarness::target(), test_support::request(1, "ping")),
                       502, "server demo is unreachable: no HTTP answer: ");
}

TEST(HttpForwarderErrorsTest, BackendThatNeverAnswersIs504AndIsHungUpOn) {
  auto closed = std::make_shared<std::promise<bool>>();
  std::future<bool> backend_closed = closed->get_future();
  FakeBackend backend(silent_until_closed(closed));
  FrontHarness front(http_route(backend.port()), head_timeout(300ms));
  HttpTestClient client(front.port());
  const auto started = std::chrono::steady_clock::now();
  HttpTestResult result =
      client.post_json(FrontHarness::target(), test_support::request(1, "ping"));
  expect_gateway_error(result, 504, "server demo did not answer within 300 ms");
  EXPECT_GE(std::chrono::steady_clock::now() - started, 300ms);
  ASSERT_EQ(backend_closed.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(backend_closed.get()) << "berth closes the backend connection it gave up on";
}

TEST(HttpForwarderErrorsTest, ToolCallSlowerThanTheHeadTimeoutIs504) {
  test_support::StartedServer backend = test_support::start_listening_test_server("http");
  ASSERT_TRUE(backend.ok()) << backend.error;
  FrontHarness front(http_route(backend.port), head_timeout(300ms));
  HttpTestClient client(front.port());
  expect_gateway_error(client.post_json(FrontHarness::target(), test_support::sleep_call(1, 2000)),
                       504, "server demo did not answer within 300 ms");
}

TEST(HttpForwarderErrorsTest, BodyBrokenOffMidwayTruncatesTheClientsResponse) {
  FakeBackend backend([](BackendConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        "Content-Length: 100\r\n\r\n{\"partial\":");
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  ASSERT_EQ(client.send_raw("POST /mcp/demo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"),
            "");
  HttpTestResult head = client.read_raw_until("{\"partial\":\r\n");
  ASSERT_TRUE(head.ok()) << head.error;
  EXPECT_NE(head.response.body.find("HTTP/1.1 200 OK"), std::string::npos);
  HttpTestResult rest = client.read_raw_until("0\r\n\r\n", 3s);
  EXPECT_FALSE(rest.ok()) << "the response must not look complete: " << rest.response.body;
}

// A server that dies mid-call breaks off its SSE answer: each request of the POST not answered
// yet gets a JSON-RPC error event, and the stream ends cleanly, so no client waits in vain.
TEST(HttpForwarderErrorsTest, EventStreamBrokenOffEndsEachUnansweredRequestWithAnError) {
  FakeBackend backend([](BackendConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
        "4c\r\nevent: message\ndata: "
        "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{\"answered\":true}}\n\n\r\n");
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  const std::string batch = "[" + test_support::request(7, "tools/list") + "," +
                            R"({"jsonrpc":"2.0","id":"a","method":"ping"})" + "," +
                            R"({"jsonrpc":"2.0","method":"notifications/initialized"})" + "]";
  HttpTestResult result = client.post_json(FrontHarness::target(), batch, {}, 5s);
  ASSERT_TRUE(result.ok()) << "the stream must end cleanly: " << result.error;
  EXPECT_EQ(result.response.status, 200);
  const std::string& body = result.response.body;
  EXPECT_NE(body.find(R"("id":"a","result":{"answered":true})"), std::string::npos) << body;
  EXPECT_NE(body.find(R"({"jsonrpc":"2.0","id":7,"error":{"code":-32603,"message":"server demo )"
                      R"(broke off its answer: )"),
            std::string::npos)
      << body;
  EXPECT_EQ(body.find(R"("id":"a","error")"), std::string::npos) << "answered already: " << body;
}

TEST(HttpForwarderErrorsTest, StalledBodyIsCutAfterTheIdleTimeout) {
  auto closed = std::make_shared<std::promise<bool>>();
  std::future<bool> backend_closed = closed->get_future();
  FakeBackend backend([closed](BackendConnection& connection) {
    if (!connection.read_request()) return closed->set_value(false);
    connection.write(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        "Content-Length: 100\r\n\r\n{\"partial\":");
    closed->set_value(connection.wait_closed(5s));
  });
  HttpForwarderOptions options = short_timeouts();
  options.idle_timeout = 300ms;
  FrontHarness front(http_route(backend.port()), options);
  HttpTestClient client(front.port());
  HttpTestResult result =
      client.post_json(FrontHarness::target(), test_support::request(1, "ping"), {}, 3s);
  EXPECT_FALSE(result.ok()) << "a stalled body ends the client's response truncated";
  ASSERT_EQ(backend_closed.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(backend_closed.get());
}

}  // namespace
}  // namespace berth::proxy::front::testing
