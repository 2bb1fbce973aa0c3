// Reliability of `berth run` against hostile clients (ctest labels reliability;docker): nesting
// and batch bombs on the stdio and streamable-http routes, and a legacy SSE client that never
// reads its stream. berth stays up, answers each with its error, serves the next request, and
// its resident memory stays bounded (VmRSS of /proc/<pid>/status). Loopback only, bounded in
// count and time. Real berth, real engine, the test MCP server image.
#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "tests/tools/berth/run_fixture.h"
#include "tests/tools/http_test_client.h"
#include "tests/tools/test_server/mcp_test_messages.h"

namespace berth::test_support {
namespace {

using namespace std::chrono_literals;

constexpr char kVersion[] = "2025-06-18";
constexpr int kConcurrentBombs = 8;
constexpr int kBatchItems = 9'500;  // just under the 1 MiB body limit
// Growth of berth's RSS the bombs may cause. Before the limits, 8 concurrent 9,500-item batches
// took a release build from 16 to 318 MB (and kept it); refused while parsing now, they add
// ~10 MB (ASan build, small quarantine), which is mostly the bodies' buffers.
constexpr long kMaxRssGrowthKb = 48 * 1024;
// For the stream nobody reads: its 32 MiB backlog, plus slack; unbounded (every answer) before.
constexpr long kMaxStreamRssGrowthKb = 56 * 1024;

// A valid tools/call of echo whose arguments hold an array nested `depth` levels; the envelope
// (message, params, arguments) adds 3.
std::string deep_echo(int id, size_t depth) {
  return tool_call(
      id, "echo",
      R"({"text":"deep","deep":)" + std::string(depth, '[') + std::string(depth, ']') + "}");
}

std::string batch_bomb() {
  std::string json = "[";
  for (int i = 0; i < kBatchItems; ++i) {
    if (i > 0) json += ",";
    json += R"({"jsonrpc":"2.0","id":)" + std::to_string(i) +
            R"(,"method":"ping","params":{"pad":")" + std::string(44, 'p') + R"("}})";
  }
  return json + "]";
}

// The kB of `field` (VmRSS, VmHWM) in /proc/<pid>/status, or -1.
long status_kb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

class BerthLimitsTest : public BerthRunTest {
 protected:
  // In the ASan build, freed memory waits in a quarantine (256 MB by default) before reuse, which
  // would swamp what berth holds: berth gets a small one, so VmRSS measures berth. (ASan reads
  // ASAN_OPTIONS at start; this process is past that, its berth children are not.)
  void SetUp() override {
    const char* inherited = std::getenv("ASAN_OPTIONS");
    std::string options =
        inherited != nullptr && *inherited != '\0' ? inherited + std::string(":") : "";
    ::setenv("ASAN_OPTIONS", (options + "quarantine_size_mb=1").c_str(), 1);
    BerthRunTest::SetUp();
  }
  void TearDown() override {
    berth_.reset();
    BerthRunTest::TearDown();
  }

  // berth with the test server as `echo` (stdio) and as `web` (streamable-http).
  void start_both() {
    write_spec("echo.yaml", stdio_spec("echo"));
    // The test server over Streamable HTTP, published on 127.0.0.1 (so not `network: none`).
    std::string web =
        stdio_spec("web", "  transport: {type: streamable-http, port: 3001}\n", "[http, --quiet]");
    const std::string no_network = "  network: none\n";
    web.erase(web.find(no_network), no_network.size());
    write_spec("web.yaml", web);
    berth_ = start_berth();
    ASSERT_TRUE(berth_);
    ASSERT_TRUE(berth_->wait_ready("echo"));
    ASSERT_TRUE(berth_->wait_ready("web"));
  }

  // An MCP session on `target`; the headers to send with it.
  std::map<std::string, std::string> open_session(const std::string& target) {
    HttpTestClient client(berth_->port());
    HttpTestResult init = client.post_json(target, initialize_request(1, kVersion));
    EXPECT_EQ(init.response.status, 200) << init.error << init.response.body;
    return {{"Mcp-Session-Id", init.response.header("Mcp-Session-Id")},
            {"MCP-Protocol-Version", kVersion}};
  }

  // Asserts `target` refuses `body` with 400 and JSON-RPC -32600, then serves an echo call.
  void expect_refused_then_served(const std::string& target, const std::string& body) {
    auto session = open_session(target);
    HttpTestClient client(berth_->port());
    HttpTestResult refused = client.post_json(target, body, session, 10s);
    ASSERT_TRUE(refused.ok()) << target << ": " << refused.error;
    EXPECT_EQ(refused.response.status, 400) << target;
    EXPECT_EQ(JsonAnswer(refused.response.body).int_at("/error/code"), -32600)
        << target << ": " << refused.response.body;
    HttpTestResult next = client.post_json(target, echo_call(2, "still here"), session);
    EXPECT_EQ(JsonAnswer(next.response.body).string_at("/result/content/0/text"), "still here")
        << target << ": " << next.error << next.response.body;
  }

  std::unique_ptr<BerthProcess> berth_;
};

TEST_F(BerthLimitsTest, NestingBombsAreRefusedOnEveryRouteAndBerthStaysUp) {
  start_both();
  for (const std::string target : {"/mcp/echo", "/mcp/web"}) {
    // At the limit (128 levels in all) the call goes through.
    auto session = open_session(target);
    HttpTestResult at_limit =
        HttpTestClient(berth_->port()).post_json(target, deep_echo(3, 125), session);
    EXPECT_EQ(JsonAnswer(at_limit.response.body).string_at("/result/content/0/text"), "deep")
        << target << ": " << at_limit.error << at_limit.response.body;
    expect_refused_then_served(target, deep_echo(4, 126));
    expect_refused_then_served(target, deep_echo(5, 100'000));  // 200 KB: crashed berth before
  }
  EXPECT_NE(berth_->log().find("limit=json"), std::string::npos);
}

TEST_F(BerthLimitsTest, BatchBombsAreRefusedAndMemoryStaysBounded) {
  start_both();
  const std::string bomb = batch_bomb();
  ASSERT_LT(bomb.size(), size_t{1} << 20);
  for (const std::string target : {"/mcp/echo", "/mcp/web"}) {
    expect_refused_then_served(target, bomb);
  }
  const long before = status_kb(berth_->pid(), "VmRSS");
  for (const std::string target : {"/mcp/echo", "/mcp/web"}) {
    auto session = open_session(target);
    std::vector<int> statuses(kConcurrentBombs);
    std::vector<std::thread> clients;
    for (int i = 0; i < kConcurrentBombs; ++i) {
      clients.emplace_back([&, i] {
        statuses[i] =
            HttpTestClient(berth_->port()).post_json(target, bomb, session, 20s).response.status;
      });
    }
    for (std::thread& client : clients) client.join();
    for (int status : statuses) EXPECT_EQ(status, 400) << target;
  }
  const long after = status_kb(berth_->pid(), "VmRSS");
  RecordProperty("rss_before_kb", std::to_string(before));
  RecordProperty("rss_after_kb", std::to_string(after));
  RecordProperty("rss_peak_kb", std::to_string(status_kb(berth_->pid(), "VmHWM")));
  EXPECT_LT(after - before, kMaxRssGrowthKb) << "VmRSS " << before << " kB -> " << after << " kB";
  auto session = open_session("/mcp/echo");
  HttpTestResult next =
      HttpTestClient(berth_->port()).post_json("/mcp/echo", echo_call(9, "ok"), session);
  EXPECT_EQ(JsonAnswer(next.response.body).string_at("/result/content/0/text"), "ok");
}

// A legacy client that opens its SSE stream and never reads it: berth ends the stream (and the
// session) once 32 MiB wait unread, instead of queueing every answer until memory runs out.
TEST_F(BerthLimitsTest, AStreamNobodyReadsIsEndedNotQueuedWithoutBound) {
  start_both();
  HttpTestClient stream(berth_->port());
  ASSERT_EQ(stream.send_raw("GET /sse/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Accept: text/event-stream\r\n\r\n"),
            "");
  HttpTestResult endpoint = stream.read_raw_until("\n\n");
  ASSERT_TRUE(endpoint.ok()) << endpoint.error;
  const size_t at = endpoint.response.body.find("/sse/echo/messages?sessionId=");
  ASSERT_NE(at, std::string::npos) << endpoint.response.body;
  const std::string messages =
      endpoint.response.body.substr(at, endpoint.response.body.find('\n', at) - at);
  const long before = status_kb(berth_->pid(), "VmRSS");

  HttpTestClient poster(berth_->port());
  const std::string text(900 * 1024, 'x');
  int accepted = 0;
  int status = 0;
  for (int i = 0; i < 90; ++i) {  // 81 MB of answers at most, for a 32 MiB backlog
    status = poster.post_json(messages, echo_call(i, text), {}, 10s).response.status;
    if (status != 202) break;
    ++accepted;
    std::this_thread::sleep_for(20ms);  // let the answer come back and queue
  }
  EXPECT_EQ(status, 404) << "the session should end once its stream is over the backlog";
  EXPECT_GT(accepted, 32);
  const long after = status_kb(berth_->pid(), "VmRSS");
  RecordProperty("answers_accepted", accepted);
  RecordProperty("rss_before_kb", std::to_string(before));
  RecordProperty("rss_after_kb", std::to_string(after));
  EXPECT_LT(after - before, kMaxStreamRssGrowthKb)
      << "VmRSS " << before << " kB -> " << after << " kB";
  EXPECT_NE(berth_->log().find("limit=stream_backlog"), std::string::npos);
  auto session = open_session("/mcp/echo");
  HttpTestResult next =
      HttpTestClient(berth_->port()).post_json("/mcp/echo", echo_call(9, "ok"), session);
  EXPECT_EQ(JsonAnswer(next.response.body).string_at("/result/content/0/text"), "ok");
}

}  // namespace
}  // namespace berth::test_support
