// berth killed (kill -9) under load with a long call in flight, then started again: it adopts the
// stdio container that kept running and attaches to it anew, and the server's late answer to the
// killed berth's request arrives on the new attach stream. That answer must reach no client of
// the new berth, even one that uses the same JSON-RPC id in the same session slot (the first
// session's first request, which the killed berth and the new one would both have called
// "s1-1" had ids not been fresh per run). Real berth, real engine, the test MCP server image.
#include <signal.h>

#include <atomic>
#include <thread>

#include "tests/tools/berth/mcp_session.h"
#include "tests/tools/berth/run_fixture.h"
#include "tests/tools/test_server/mcp_test_messages.h"

namespace berth::test_support {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A's call: long enough for berth to be killed, restarted and Ready again before it ends.
constexpr int kLongCallMs = 8000;
// B's call ends this long after A's answer is due: B is in flight when A's answer comes.
constexpr std::chrono::milliseconds kOverlap = 3000ms;
constexpr int kLoadSessions = 3;
constexpr char kForeignAnswerLog[] = "answer dropped: berth did not issue its id in this run";

// Polls berth's log until it holds `text`.
::testing::AssertionResult wait_for_log(BerthProcess& berth, const std::string& text,
                                        std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (berth.log().find(text) != std::string::npos) return ::testing::AssertionSuccess();
    std::this_thread::sleep_for(50ms);  // polling pace, not a wait for a condition
  }
  return ::testing::AssertionFailure() << "berth never logged \"" << text << "\"; log:\n"
                                       << berth.log();
}

// Sessions calling echo in a loop until berth dies under them.
class EchoLoad {
 public:
  void start(std::uint16_t port) {
    for (int i = 0; i < kLoadSessions; ++i) {
      threads_.emplace_back([this, port] {
        McpSession session(port, "/mcp/echo");
        if (!session.initialize()) return;
        while (session.post(echo_call(7, "load"), 5s).ok()) ++calls_;
      });
    }
  }
  [[nodiscard]] int calls() const { return calls_; }
  void join() {
    for (std::thread& thread : threads_) thread.join();
  }

 private:
  std::vector<std::thread> threads_;
  std::atomic<int> calls_{0};
};

class BerthRestartIsolationTest : public BerthRunTest {
 protected:
  void TearDown() override {
    berth_.reset();
    BerthRunTest::TearDown();
  }
  std::unique_ptr<BerthProcess> berth_;
};

TEST_F(BerthRestartIsolationTest, LateAnswerToAKilledBerthsRequestReachesNoNewClient) {
  write_spec("echo.yaml", stdio_spec("echo", "", "[stdio]"));  // not --quiet: calls are logged
  berth_ = start_berth();
  ASSERT_TRUE(berth_);
  StatusView status;
  ASSERT_TRUE(berth_->wait_ready("echo", &status));
  const std::string container = status.find("echo")->container_id;

  // A: the first session, its first request (id 7): a long call, in flight when berth dies.
  McpSession a(berth_->port(), "/mcp/echo");
  ASSERT_TRUE(a.initialize());
  const auto a_due = Clock::now() + std::chrono::milliseconds(kLongCallMs);
  std::thread a_call([&a] { (void)a.post(sleep_call(7, kLongCallMs), 30s); });
  ASSERT_TRUE(wait_for_log(*berth_, "stream=stderr call tool=sleep", 10s));
  EchoLoad load;
  load.start(berth_->port());
  for (auto until = Clock::now() + 5s; load.calls() < 20 && Clock::now() < until;) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_GE(load.calls(), 20) << "no load through berth";
  ASSERT_TRUE(berth_->signal(SIGKILL));
  berth_.reset();  // reaps it
  load.join();
  a_call.join();

  berth_ = start_berth();
  ASSERT_TRUE(berth_);
  ASSERT_TRUE(berth_->wait_ready("echo", &status));
  EXPECT_EQ(status.find("echo")->container_id, container) << "the container was not adopted";

  // B: the new berth's first session, its first request, the same id, a shorter call.
  McpSession b(berth_->port(), "/mcp/echo");
  ASSERT_TRUE(b.initialize());
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(a_due - Clock::now());
  ASSERT_GT(left, 500ms) << "berth came back after A's answer was due: nothing to prove";
  const int b_ms = static_cast<int>((left + kOverlap).count());
  HttpTestResult answer = b.post(sleep_call(7, b_ms), 30s);
  ASSERT_TRUE(answer.ok()) << answer.error;
  JsonAnswer json(answer.response.body);
  EXPECT_EQ(json.int_at("/id"), 7) << answer.response.body;
  EXPECT_NE(json.string_at("/result/content/0/text"),
            "slept " + std::to_string(kLongCallMs) + " ms")
      << "B got A's answer";
  if (!json.has("/error")) {
    EXPECT_EQ(json.string_at("/result/content/0/text"), "slept " + std::to_string(b_ms) + " ms")
        << answer.response.body;
  }
  // A's answer did come, and was dropped: the case this test is about happened.
  EXPECT_NE(berth_->log().find(kForeignAnswerLog), std::string::npos) << berth_->log();
}

}  // namespace
}  // namespace berth::test_support
