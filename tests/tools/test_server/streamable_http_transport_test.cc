// Process tests of the test server's Streamable HTTP transport: spawn the built binary on an
// ephemeral 127.0.0.1 port and talk to it over HTTP/1.1.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "tests/tools/http_test_client.h"
#include "tests/tools/test_server/mcp_test_messages.h"
#include "tests/tools/test_server/test_server_process.h"

namespace berth::test_support {
namespace {

namespace http = boost::beast::http;

TEST(TestServerHttpTest, InitializeIssuesSessionId) {
  StartedServer server = start_listening_test_server("http");
  ASSERT_TRUE(server.ok()) << server.error;
  HttpTestClient client(server.port);
  HttpTestResult result = client.post_json("/mcp", initialize_request(1, "2025-06-18"));
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.response.header("Content-Type"), "application/json");
  std::string session = result.response.header("Mcp-Session-Id");
  EXPECT_EQ(session.size(), 32u) << session;
  EXPECT_EQ(session.find_first_not_of("0123456789abcdef"), std::string::npos) << session;
  JsonAnswer answer(result.response.body);
  EXPECT_EQ(answer.string_at("/result/protocolVersion"), "2025-06-18");
  EXPECT_EQ(answer.string_at("/result/serverInfo/name"), "berth-test-server");
}

TEST(TestServerHttpTest, EchoReturnsTextWithOrWithoutSession) {
  StartedServer server = start_listening_test_server("http");
  ASSERT_TRUE(server.ok()) << server.error;
  HttpTestClient client(server.port);
  HttpTestResult init = client.post_json("/mcp", initialize_request(1, "2025-11-25"));
  ASSERT_TRUE(init.ok()) << init.error;
  std::map<std::string, std::string> session{
      {"Mcp-Session-Id", init.response.header("Mcp-Session-Id")},
      {"MCP-Protocol-Version", "2025-11-25"}};
  HttpTestResult with = client.post_json("/mcp", echo_call(2, "with session"), session);
  ASSERT_TRUE(with.ok()) << with.error;
  EXPECT_EQ(with.response.status, 200);
  EXPECT_EQ(JsonAnswer(with.response.body).string_at("/result/content/0/text"), "with session");
  EXPECT_EQ(with.response.header("Mcp-Session-Id"), "") << "only initialize issues a session";
  HttpTestResult without = client.post_json("/mcp", echo_call(3, "without"));
  ASSERT_TRUE(without.ok()) << without.error;
  EXPECT_EQ(JsonAnswer(without.response.body).string_at("/result/content/0/text"), "without");
}

TEST(TestServerHttpTest, NotificationIsAcceptedWithoutBody) {
  StartedServer server = start_listening_test_server("http");
  ASSERT_TRUE(server.ok()) << server.error;
  HttpTestClient client(server.port);
  for (const std::string& message :
       {initialized_notification(), std::string(R"({"jsonrpc":"2.0","id":4,"result":{}})")}) {
    HttpTestResult result = client.post_json("/mcp", message);
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.response.status, 202) << message;
    EXPECT_EQ(result.response.body, "") << message;
  }
}

TEST(TestServerHttpTest, GetIsMethodNotAllowedAndDeleteIsAccepted) {
  StartedServer server = start_listening_test_server("http");
  ASSERT_TRUE(server.ok()) << server.error;
  HttpTestClient client(server.port);
  HttpTestResult get =
      client.request(http::verb::get, "/mcp", "", {{"Accept", "text/event-stream"}});
  ASSERT_TRUE(get.ok()) << get.error;
  EXPECT_EQ(get.response.status, 405);
  EXPECT_EQ(get.response.header("Allow"), "POST, DELETE");
  HttpTestResult del = client.request(http::verb::delete_, "/mcp");
  ASSERT_TRUE(del.ok()) << del.error;
  EXPECT_EQ(del.response.status, 200);
}

TEST(TestServerHttpTest, OtherPathsAreNotFound) {
  StartedServer server = start_listening_test_server("http", {"--path", "/custom"});
  ASSERT_TRUE(server.ok()) << server.error;
  HttpTestClient client(server.port);
  HttpTestResult other = client.post_json("/mcp", request(1, "ping"));
  ASSERT_TRUE(other.ok()) << other.error;
  EXPECT_EQ(other.response.status, 404);
  HttpTestResult custom = client.post_json("/custom?x=1", request(2, "ping"));
  ASSERT_TRUE(custom.ok()) << custom.error;
  EXPECT_EQ(custom.response.status, 200);
  EXPECT_EQ(JsonAnswer(custom.response.body).json_at("/result"), "{}");
}

TEST(TestServerHttpTest, BadJsonIsBadRequestWithParseError) {
  StartedServer server = start_listening_test_server("http");
  ASSERT_TRUE(server.ok()) << server.error;
  HttpTestClient client(server.port);
  HttpTestResult result = client.post_json("/mcp", "{oops");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 400);
  JsonAnswer answer(result.response.body);
  EXPECT_EQ(answer.int_at("/error/code"), -32700);
  EXPECT_EQ(answer.json_at("/id"), "null");
}

TEST(TestServerHttpTest, AnswersExpectContinueBeforeTheBody) {
  StartedServer server = start_listening_test_server("http");
  ASSERT_TRUE(server.ok()) << server.error;
  // curl sends Expect: 100-continue for large bodies and holds the body back until answered.
  HttpTestClient client(server.port);
  std::string body = echo_call(1, "continued");
  ASSERT_EQ(client.send_raw("POST /mcp HTTP/1.1\r\nHost: test\r\n"
                            "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                            "Content-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n"),
            "");
  HttpTestResult interim = client.read_raw_until("\r\n\r\n");
  ASSERT_TRUE(interim.ok()) << interim.error;
  EXPECT_TRUE(interim.response.body.starts_with("HTTP/1.1 100")) << interim.response.body;
  ASSERT_EQ(client.send_raw(body), "");
  HttpTestResult result = client.read_response();
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(JsonAnswer(result.response.body).string_at("/result/content/0/text"), "continued");
}

TEST(TestServerHttpTest, KeepAliveReusesOneConnection) {
  StartedServer server = start_listening_test_server("http");
  ASSERT_TRUE(server.ok()) << server.error;
  HttpTestClient client(server.port);
  for (int id = 1; id <= 20; ++id) {
    HttpTestResult result = client.post_json("/mcp", echo_call(id, std::to_string(id)));
    ASSERT_TRUE(result.ok()) << "request " << id << ": " << result.error;
    EXPECT_TRUE(result.response.keep_alive);
    EXPECT_EQ(JsonAnswer(result.response.body).int_at("/id"), id);
  }
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST(TestServerHttpTest, SlowCallDoesNotBlockOtherConnections) {
  StartedServer server = start_listening_test_server("http");
  ASSERT_TRUE(server.ok()) << server.error;
  HttpTestClient slow(server.port);
  HttpTestClient fast(server.port);
  HttpTestResult slow_result;
  std::thread sleeper([&] { slow_result = slow.post_json("/mcp", sleep_call(2, 1500)); });
  // The server logs each tool call as it starts: once the sleep has started, send the echo.
  std::optional<std::string> logged = server.process->read_stderr_line(kServerTimeout);
  EXPECT_EQ(logged.value_or("<none>"), "call tool=sleep");
  auto start = std::chrono::steady_clock::now();
  HttpTestResult fast_result = fast.post_json("/mcp", echo_call(3, "quick"));
  auto fast_took = std::chrono::steady_clock::now() - start;
  sleeper.join();
  ASSERT_TRUE(fast_result.ok()) << fast_result.error;
  EXPECT_LT(fast_took, std::chrono::milliseconds(1000));
  ASSERT_TRUE(slow_result.ok()) << slow_result.error;
  EXPECT_EQ(JsonAnswer(slow_result.response.body).string_at("/result/content/0/text"),
            "slept 1500 ms");
}

TEST(TestServerHttpTest, ExitsZeroOnSigterm) {
  StartedServer server = start_listening_test_server("http");
  ASSERT_TRUE(server.ok()) << server.error;
  ASSERT_TRUE(server.process->send_signal(SIGTERM));
  std::optional<ExitStatus> status = server.process->wait(kServerTimeout);
  ASSERT_TRUE(status) << "still running after SIGTERM";
  EXPECT_TRUE(status->exited && status->code == 0) << status->describe();
}

}  // namespace
}  // namespace berth::test_support
