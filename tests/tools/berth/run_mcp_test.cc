// `berth run` serving a stdio server at /mcp/{name} as Streamable HTTP: many client sessions
// over the container's one attach stream, each getting its own answers, and the transport's
// error cases. Real berth, real engine, the test MCP server image.
#include <fstream>
#include <thread>

#include "tests/tools/berth/run_fixture.h"
#include "tests/tools/http_test_client.h"
#include "tests/tools/test_server/mcp_test_messages.h"

namespace berth::test_support {
namespace {

using namespace std::chrono_literals;
using boost::beast::http::verb;

constexpr char kVersion[] = "2025-06-18";

// One MCP client session through berth: initialize, then calls with the session id.
class McpSession {
 public:
  McpSession(std::uint16_t port, std::string target) : client_(port), target_(std::move(target)) {}

  ::testing::AssertionResult initialize() {
    HttpTestResult init = client_.post_json(target_, initialize_request(1, kVersion));
    if (!init.ok() || init.response.status != 200) return failure("initialize", init);
    session_ = init.response.header("Mcp-Session-Id");
    if (session_.empty()) return failure("initialize without Mcp-Session-Id", init);
    HttpTestResult initialized = post(initialized_notification());
    if (!initialized.ok() || initialized.response.status != 202) {
      return failure("notifications/initialized", initialized);
    }
    return ::testing::AssertionSuccess();
  }

  HttpTestResult post(const std::string& json, std::chrono::milliseconds timeout = 10s) {
    return client_.post_json(
        target_, json, {{"Mcp-Session-Id", session_}, {"MCP-Protocol-Version", kVersion}}, timeout);
  }
  HttpTestResult remove() {
    return client_.request(verb::delete_, target_, "", {{"Mcp-Session-Id", session_}});
  }
  const std::string& id() const { return session_; }

 private:
  static ::testing::AssertionResult failure(const std::string& what, const HttpTestResult& r) {
    return ::testing::AssertionFailure() << what << ": " << (r.ok() ? "" : r.error) << " status "
                                         << r.response.status << " body " << r.response.body;
  }

  HttpTestClient client_;
  std::string target_;
  std::string session_;
};

class BerthMcpTest : public BerthRunTest {
 protected:
  // berth stops before the fixture removes the instance's containers; otherwise it could
  // recreate one (a crash loop's next attempt) after the clean-up.
  void TearDown() override {
    berth_.reset();
    BerthRunTest::TearDown();
  }
  void start_echo() {
    berth_ = start_with_ready("echo", &status_);
    ASSERT_TRUE(berth_);
  }
  std::unique_ptr<BerthProcess> berth_;
  StatusView status_;
};

TEST_F(BerthMcpTest, SessionsShareTheStdioServerAndGetTheirOwnAnswers) {
  start_echo();
  constexpr int kSessions = 8;
  constexpr int kCalls = 10;
  std::vector<std::string> problems(kSessions);
  std::vector<std::thread> clients;
  for (int s = 0; s < kSessions; ++s) {
    clients.emplace_back([&, s] {
      McpSession session(berth_->port(), "/mcp/echo");
      if (auto init = session.initialize(); !init) {
        problems[s] = init.message();
        return;
      }
      for (int call = 0; call < kCalls; ++call) {
        std::string text = "session " + std::to_string(s) + " call " + std::to_string(call);
        HttpTestResult answer = session.post(echo_call(7, text));  // every session uses id 7
        JsonAnswer json(answer.response.body);
        if (json.int_at("/id") != 7 || json.string_at("/result/content/0/text") != text) {
          problems[s] = "call " + std::to_string(call) + " got " + answer.response.body;
          return;
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
  for (int s = 0; s < kSessions; ++s) EXPECT_EQ(problems[s], "") << "session " << s;

  std::string metrics = berth_->get("/metrics");
  EXPECT_NE(metrics.find("berth_sessions{server=\"echo\"} 8"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("berth_requests_total{server=\"echo\",method=\"POST\",code=\"200\"}"),
            std::string::npos)
      << metrics;
  EXPECT_NE(berth_->get("/status/echo").find("\"calls\":"), std::string::npos);
}

TEST_F(BerthMcpTest, TransportErrorsAreRefusedClearly) {
  start_echo();
  HttpTestClient client(berth_->port());
  auto status_of = [&](verb method, const std::string& body,
                       const std::map<std::string, std::string>& headers) {
    HttpTestResult r = client.request(method, "/mcp/echo", body, headers);
    return std::to_string(r.response.status) + " " + r.response.body;
  };
  std::map<std::string, std::string> json{{"Content-Type", "application/json"},
                                          {"Accept", "application/json, text/event-stream"}};
  EXPECT_EQ(status_of(verb::post, request(2, "tools/list"), json).substr(0, 3), "400")
      << "no session";
  auto unknown = json;
  unknown["Mcp-Session-Id"] = "0123456789abcdef0123456789abcdef";
  EXPECT_EQ(status_of(verb::post, request(2, "tools/list"), unknown).substr(0, 3), "404");
  EXPECT_NE(status_of(verb::post, "{not json", json).find("-32700"), std::string::npos);
  auto text = json;
  text["Content-Type"] = "text/plain";
  EXPECT_EQ(status_of(verb::post, initialize_request(1, kVersion), text).substr(0, 3), "415");
  auto json_only = json;
  json_only["Accept"] = "application/json";
  EXPECT_EQ(status_of(verb::post, initialize_request(1, kVersion), json_only).substr(0, 3), "406");

  HttpTestResult missing = client.post_json("/mcp/nothing-here", initialize_request(1, kVersion));
  EXPECT_EQ(missing.response.status, 404);
  EXPECT_NE(missing.response.body.find("nothing-here"), std::string::npos);

  McpSession session(berth_->port(), "/mcp/echo");
  ASSERT_TRUE(session.initialize());
  HttpTestResult old_version =
      HttpTestClient(berth_->port())
          .post_json("/mcp/echo", request(3, "tools/list"),
                     {{"Mcp-Session-Id", session.id()}, {"MCP-Protocol-Version", "1999-01-01"}});
  EXPECT_EQ(old_version.response.status, 400) << old_version.response.body;
  EXPECT_EQ(session.remove().response.status, 204);
  EXPECT_EQ(session.post(request(4, "tools/list")).response.status, 404) << "ended session";
}

TEST_F(BerthMcpTest, KilledServerFailsTheCallInFlightAndTheNextOneWorks) {
  start_echo();
  McpSession session(berth_->port(), "/mcp/echo");
  ASSERT_TRUE(session.initialize());
  HttpTestResult answer;
  std::thread call([&] { answer = session.post(sleep_call(5, 20'000), 15s); });
  std::this_thread::sleep_for(500ms);  // the call is in flight in the server
  ASSERT_TRUE(docker({"kill", status_.find("echo")->container_id}).succeeded());
  call.join();
  ASSERT_TRUE(answer.ok()) << answer.error;
  JsonAnswer json(answer.response.body);
  EXPECT_EQ(json.int_at("/id"), 5) << answer.response.body;
  EXPECT_TRUE(json.has("/error/message")) << answer.response.body;

  ASSERT_TRUE(berth_->wait_for(
      "echo Ready again", [](auto& s) { return s.ready("echo") && s.find("echo")->restarts == 1; },
      kReadyTimeout));
  HttpTestResult again = session.post(echo_call(6, "after the restart"));
  EXPECT_EQ(JsonAnswer(again.response.body).string_at("/result/content/0/text"),
            "after the restart")
      << again.response.body;
}

TEST_F(BerthMcpTest, SessionOutlivesAnEditOfTheSpec) {
  start_echo();
  McpSession session(berth_->port(), "/mcp/echo");
  ASSERT_TRUE(session.initialize());
  EXPECT_EQ(JsonAnswer(session.post(echo_call(2, "before")).response.body)
                .string_at("/result/content/0/text"),
            "before");
  std::string old_id = status_.find("echo")->container_id;
  write_spec("echo.yaml", stdio_spec("echo", "  env: {EDITED: \"1\"}\n"));
  ASSERT_TRUE(berth_->wait_for(
      "echo replaced",
      [&](auto& s) { return s.ready("echo") && s.find("echo")->container_id != old_id; },
      kReadyTimeout));
  HttpTestResult after = session.post(echo_call(3, "after the edit"));
  EXPECT_EQ(JsonAnswer(after.response.body).string_at("/result/content/0/text"), "after the edit")
      << after.response.body;
}

// The drain on a spec edit, the one GET stream per session, the ready-wait and its 503, and a
// call waiting through a restart are tested without Docker, with fake time and pushed route
// tables, in tests/proxy/front/mcp_front_test.cc: here they hung on timing windows.

TEST_F(BerthMcpTest, TokenFileGuardsEveryEndpointButTheProbes) {
  write_spec("echo.yaml", stdio_spec("echo"));
  std::string token_file = (dir_ / "token").string();
  {
    std::ofstream out(token_file);
    out << "s3cret-token\n";
  }
  BerthOptions guarded = options();
  guarded.token_file = token_file;
  berth_ = start_berth(guarded);
  ASSERT_TRUE(berth_);
  ASSERT_TRUE(berth_->wait_for(
      "echo Ready", [](auto& s) { return s.ready("echo"); }, kReadyTimeout));
  HttpTestClient client(berth_->port());
  EXPECT_EQ(client.request(verb::get, "/status").response.status, 401);
  EXPECT_EQ(client.request(verb::get, "/healthz").response.status, 200);
  EXPECT_EQ(client.post_json("/mcp/echo", initialize_request(1, kVersion)).response.status, 401);
  HttpTestResult wrong = client.post_json("/mcp/echo", initialize_request(1, kVersion),
                                          {{"Authorization", "Bearer not-it"}});
  EXPECT_EQ(wrong.response.status, 401);
  EXPECT_EQ(wrong.response.header("WWW-Authenticate"), "Bearer realm=\"berth\"");
  HttpTestResult right = client.post_json("/mcp/echo", initialize_request(1, kVersion),
                                          {{"Authorization", "Bearer s3cret-token"}});
  EXPECT_EQ(right.response.status, 200) << right.response.body;
  EXPECT_EQ(berth_->log().find("s3cret-token"), std::string::npos) << "the token was logged";
}

}  // namespace
}  // namespace berth::test_support
