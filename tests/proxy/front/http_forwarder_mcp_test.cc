// MCP through berth: the real HTTP server forwards /mcp/demo to berth-test-server (a child
// process on an ephemeral 127.0.0.1 port), as a client of a streamable-http server would use it.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/proxy/front/front_harness.h"
#include "tests/tools/http_test_client.h"
#include "tests/tools/sse_test_stream.h"
#include "tests/tools/test_server/mcp_test_messages.h"
#include "tests/tools/test_server/test_server_process.h"

namespace berth::proxy::front::testing {
namespace {

namespace beast_http = boost::beast::http;
using test_support::HttpTestClient;
using test_support::HttpTestResult;
using test_support::JsonAnswer;

// Initializes a session through berth; returns the Mcp-Session-Id the backend issued.
std::string initialize(HttpTestClient& client) {
  HttpTestResult init =
      client.post_json(FrontHarness::target(), test_support::initialize_request(1, "2025-06-18"));
  EXPECT_TRUE(init.ok()) << init.error;
  EXPECT_EQ(init.response.status, 200);
  return init.response.header("Mcp-Session-Id");
}

TEST(HttpForwarderMcpTest, InitializeReturnsTheBackendsSessionId) {
  test_support::StartedServer backend = test_support::start_listening_test_server("http");
  ASSERT_TRUE(backend.ok()) << backend.error;
  FrontHarness front(http_route(backend.port));
  HttpTestClient client(front.port());
  HttpTestResult init =
      client.post_json(FrontHarness::target(), test_support::initialize_request(1, "2025-06-18"),
                       {{"Authorization", "Bearer berth-token"}});
  ASSERT_TRUE(init.ok()) << init.error;
  EXPECT_EQ(init.response.status, 200);
  EXPECT_EQ(init.response.header("Content-Type"), "application/json");
  const std::string session = init.response.header("Mcp-Session-Id");
  EXPECT_EQ(session.size(), 32u) << session;
  JsonAnswer answer(init.response.body);
  EXPECT_EQ(answer.string_at("/result/protocolVersion"), "2025-06-18");
  EXPECT_EQ(answer.string_at("/result/serverInfo/name"), "berth-test-server");
  EXPECT_TRUE(init.response.keep_alive);
}

TEST(HttpForwarderMcpTest, ToolsListAndCallWithTheSession) {
  test_support::StartedServer backend = test_support::start_listening_test_server("http");
  ASSERT_TRUE(backend.ok()) << backend.error;
  FrontHarness front(http_route(backend.port));
  HttpTestClient client(front.port());
  const std::map<std::string, std::string> session{{"Mcp-Session-Id", initialize(client)},
                                                   {"MCP-Protocol-Version", "2025-06-18"}};
  HttpTestResult initialized =
      client.post_json(FrontHarness::target(), test_support::initialized_notification(), session);
  ASSERT_TRUE(initialized.ok()) << initialized.error;
  EXPECT_EQ(initialized.response.status, 202);
  EXPECT_EQ(initialized.response.body, "");

  HttpTestResult list =
      client.post_json(FrontHarness::target(), test_support::request(2, "tools/list"), session);
  ASSERT_TRUE(list.ok()) << list.error;
  EXPECT_EQ(list.response.status, 200);
  EXPECT_EQ(JsonAnswer(list.response.body).string_at("/result/tools/0/name"), "echo");

  HttpTestResult echo = client.post_json(FrontHarness::target(),
                                         test_support::echo_call(3, "through berth"), session);
  ASSERT_TRUE(echo.ok()) << echo.error;
  EXPECT_EQ(JsonAnswer(echo.response.body).string_at("/result/content/0/text"), "through berth");
  EXPECT_EQ(JsonAnswer(echo.response.body).int_at("/id"), 3);
  EXPECT_EQ(client.connections_opened(), 1) << "the client's connection stays open throughout";
}

TEST(HttpForwarderMcpTest, DeleteEndsTheSession) {
  test_support::StartedServer backend = test_support::start_listening_test_server("http");
  ASSERT_TRUE(backend.ok()) << backend.error;
  FrontHarness front(http_route(backend.port));
  HttpTestClient client(front.port());
  const std::string session = initialize(client);
  HttpTestResult deleted = client.request(beast_http::verb::delete_, FrontHarness::target(), "",
                                          {{"Mcp-Session-Id", session}});
  ASSERT_TRUE(deleted.ok()) << deleted.error;
  EXPECT_EQ(deleted.response.status, 200);
}

TEST(HttpForwarderMcpTest, BackendRefusalOfGetPassesThrough) {
  test_support::StartedServer backend = test_support::start_listening_test_server("http");
  ASSERT_TRUE(backend.ok()) << backend.error;
  FrontHarness front(http_route(backend.port));
  HttpTestClient client(front.port());
  HttpTestResult get = client.request(beast_http::verb::get, FrontHarness::target(), "",
                                      {{"Accept", "text/event-stream"}});
  ASSERT_TRUE(get.ok()) << get.error;
  EXPECT_EQ(get.response.status, 405);
  EXPECT_EQ(get.response.header("Allow"), "POST, DELETE");
}

TEST(HttpForwarderMcpTest, SlowToolCallIsAnsweredWithinTheHeadTimeout) {
  test_support::StartedServer backend = test_support::start_listening_test_server("http");
  ASSERT_TRUE(backend.ok()) << backend.error;
  FrontHarness front(http_route(backend.port));
  HttpTestClient client(front.port());
  HttpTestResult slept = client.post_json(FrontHarness::target(), test_support::sleep_call(4, 500));
  ASSERT_TRUE(slept.ok()) << slept.error;
  EXPECT_EQ(JsonAnswer(slept.response.body).string_at("/result/content/0/text"), "slept 500 ms");
}

TEST(HttpForwarderMcpTest, ServerEventStreamPassesThrough) {
  // The legacy SSE mode opens an event stream on GET: proof that a real backend's events reach
  // the client through the forwarder as they are sent.
  test_support::StartedServer backend = test_support::start_listening_test_server("sse");
  ASSERT_TRUE(backend.ok()) << backend.error;
  FrontHarness front(http_route(backend.port, "/sse"));
  test_support::SseTestStream stream(front.port());
  ASSERT_EQ(stream.open(FrontHarness::target(), std::chrono::milliseconds(3000)), "");
  EXPECT_EQ(stream.status(), 200);
  EXPECT_EQ(stream.content_type(), "text/event-stream");
  std::optional<test_support::SseEvent> endpoint =
      stream.next_event(std::chrono::milliseconds(3000));
  ASSERT_TRUE(endpoint) << stream.error();
  EXPECT_EQ(endpoint->event, "endpoint");
  EXPECT_TRUE(endpoint->data.starts_with("/messages?sessionId=")) << endpoint->data;
}

}  // namespace
}  // namespace berth::proxy::front::testing
