// MultiplexedFront's bound on client sessions (max_sessions), over real sockets: past the cap an
// initialize evicts the session idle longest among those with no open stream and no request in
// flight; when every session has one, it is refused with 503, Retry-After and a JSON-RPC error;
// a GET stream whose client left no longer protects its session.

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <map>
#include <memory>
#include <string>
#include <thread>

#include "tests/proxy/front/multiplexed_front_harness.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/tools/http_test_client.h"

namespace berth::proxy::front {
namespace {

using namespace std::chrono_literals;
using test_support::HttpTestClient;
using test_support::HttpTestResult;
using testing::kInitialize;
using testing::kPing;
using testing::MultiplexedFrontHarness;

constexpr const char* kTarget = "/mcp/demo";

MultiplexedFrontOptions capped(size_t max_sessions) {
  MultiplexedFrontOptions options;
  options.max_sessions = max_sessions;
  options.retry_after = std::chrono::seconds(7);
  return options;
}

class MultiplexedFrontCapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_logger_ = spdlog::default_logger();
    sink_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("front-cap-test", sink_));
  }
  void TearDown() override { spdlog::set_default_logger(previous_logger_); }

  // A new session's id ("" if the initialize was not answered 200), with its answer in `result`.
  static std::string initialize(std::uint16_t port, HttpTestResult* result = nullptr) {
    HttpTestClient client(port);
    HttpTestResult answer = client.post_json(kTarget, kInitialize);
    if (result != nullptr) *result = answer;
    return answer.response.status == 200 ? answer.response.header("Mcp-Session-Id") : "";
  }
  // The HTTP status of a ping in session `sid` (200 while it lives, 404 once it ended).
  static int ping(std::uint16_t port, const std::string& sid) {
    HttpTestClient client(port);
    return client.post_json(kTarget, kPing, {{"Mcp-Session-Id", sid}}).response.status;
  }
  // Opens session `sid`'s GET stream on `client` and waits for its head.
  static bool open_stream(HttpTestClient& client, const std::string& sid) {
    std::string request =
        "GET /mcp/demo HTTP/1.1\r\nHost: localhost\r\n"
        "Accept: text/event-stream\r\nMcp-Session-Id: " +
        sid + "\r\n\r\n";
    if (!client.send_raw(request).empty()) return false;
    auto head = client.read_raw_until("\r\n\r\n");
    return head.ok() && head.response.body.rfind("HTTP/1.1 200", 0) == 0;
  }
  std::string logs() const {
    std::string all;
    for (const std::string& line : sink_->last_formatted()) all += line;
    return all;
  }

  std::shared_ptr<spdlog::logger> previous_logger_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

TEST_F(MultiplexedFrontCapTest, InitializePastTheCapEvictsTheLongestIdleSession) {
  MultiplexedFrontHarness harness(capped(3));
  const std::string a = initialize(harness.port());
  ASSERT_TRUE(harness.advance(1s));
  const std::string b = initialize(harness.port());
  ASSERT_TRUE(harness.advance(1s));
  const std::string c = initialize(harness.port());
  ASSERT_TRUE(harness.advance(1s));
  ASSERT_FALSE(a.empty() || b.empty() || c.empty());
  EXPECT_EQ(ping(harness.port(), a), 200);  // a is active again: b is now idle longest
  ASSERT_TRUE(harness.advance(1s));
  const std::string d = initialize(harness.port());
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(ping(harness.port(), b), 404);
  for (const std::string& live : {a, c, d}) EXPECT_EQ(ping(harness.port(), live), 200);
  size_t sessions = 0;
  ASSERT_TRUE(harness.on_io([&] { sessions = harness.front()->session_count(); }));
  EXPECT_EQ(sessions, 3u);
  EXPECT_NE(logs().find("event=session-evicted server=demo reason=session-limit limit=3"),
            std::string::npos)
      << logs();
}

TEST_F(MultiplexedFrontCapTest, InitializeIsRefusedWhenEverySessionHasAStreamOpen) {
  MultiplexedFrontHarness harness(capped(2));
  const std::string a = initialize(harness.port());
  const std::string b = initialize(harness.port());
  HttpTestClient a_stream(harness.port());
  HttpTestClient b_stream(harness.port());
  ASSERT_TRUE(open_stream(a_stream, a));
  ASSERT_TRUE(open_stream(b_stream, b));
  HttpTestResult refused;
  EXPECT_EQ(initialize(harness.port(), &refused), "");
  EXPECT_EQ(refused.response.status, 503);
  EXPECT_EQ(refused.response.header("Retry-After"), "7");
  rapidjson::Document body;
  body.Parse(refused.response.body.c_str());
  ASSERT_TRUE(body.IsObject()) << refused.response.body;
  EXPECT_EQ(body["error"]["code"].GetInt(), -32603);
  EXPECT_NE(logs().find("event=session-refused server=demo reason=session-limit limit=2"),
            std::string::npos);
  // a's client leaves (the SDK's close(): the stream dropped, no DELETE): a may go now.
  a_stream.close();
  std::string c;
  EXPECT_TRUE(http::testing::eventually([&] { return !(c = initialize(harness.port())).empty(); }));
  EXPECT_EQ(ping(harness.port(), a), 404);
  EXPECT_EQ(ping(harness.port(), b), 200);
}

TEST_F(MultiplexedFrontCapTest, SessionWithARequestInFlightIsNotEvicted) {
  MultiplexedFrontHarness harness(capped(1));
  const std::string a = initialize(harness.port());
  ASSERT_FALSE(a.empty());
  // a calls a tool the scripted server does not answer (yet).
  HttpTestClient caller(harness.port());
  const std::string call = R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{}})";
  ASSERT_EQ(
      caller.send_raw("POST /mcp/demo HTTP/1.1\r\nHost: localhost\r\n"
                      "Content-Type: application/json\r\n"
                      "Accept: application/json, text/event-stream\r\n"
                      "Mcp-Session-Id: " +
                      a + "\r\nContent-Length: " + std::to_string(call.size()) + "\r\n\r\n" + call),
      "");
  std::string forwarded;
  ASSERT_TRUE(http::testing::eventually([&] {
    EXPECT_TRUE(harness.on_io([&] {
      const auto& sent = harness.channel().sent();
      if (!sent.empty() && sent.back().find("tools/call") != std::string::npos) {
        forwarded = sent.back();
      }
    }));
    return !forwarded.empty();
  }));
  EXPECT_EQ(initialize(harness.port()), "");  // a is busy: refused
  // The server answers; a is idle again and may be evicted.
  rapidjson::Document request;
  request.Parse(forwarded.c_str());
  ASSERT_TRUE(request.IsObject() && request.HasMember("id") && request["id"].IsString());
  std::string answer = std::string(R"({"jsonrpc":"2.0","id":")") + request["id"].GetString() +
                       R"(","result":{"content":[]}})";
  ASSERT_TRUE(harness.on_io([&] { harness.channel().from_server(answer); }));
  auto result = caller.read_response();
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200);
  EXPECT_NE(initialize(harness.port()), "");
  EXPECT_EQ(ping(harness.port(), a), 404);
}

}  // namespace
}  // namespace berth::proxy::front
