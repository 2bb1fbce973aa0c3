// `berth run` healing what happens to its containers behind its back, driven by the engine's
// event stream: killed, removed, paused (probes fail), and crashing in a loop.
#include <algorithm>
#include <thread>

#include "tests/tools/berth/run_fixture.h"

namespace berth::test_support {
namespace {

using namespace std::chrono_literals;

TEST_F(BerthRunTest, KilledContainerIsRestarted) {
  StatusView status;
  auto berth = start_with_ready("echo", &status);
  ASSERT_TRUE(berth);
  std::string id = status.find("echo")->container_id;

  ASSERT_TRUE(docker({"kill", id}).succeeded());
  ASSERT_TRUE(berth->wait_for(
      "echo restarted and Ready",
      [](auto& s) { return s.ready("echo") && s.find("echo")->restarts == 1; }, kReadyTimeout,
      &status));
  EXPECT_EQ(container_state(status.find("echo")->container_id), "running");
  EXPECT_NE(berth->get("/status/echo").find("\"died\""), std::string::npos);
}

TEST_F(BerthRunTest, RemovedContainerIsRecreated) {
  StatusView status;
  auto berth = start_with_ready("echo", &status);
  ASSERT_TRUE(berth);
  std::string id = status.find("echo")->container_id;

  ASSERT_TRUE(docker({"rm", "-f", id}).succeeded());
  ASSERT_TRUE(berth->wait_for(
      "echo recreated and Ready",
      [&](auto& s) { return s.ready("echo") && s.find("echo")->container_id != id; }, kReadyTimeout,
      &status));
  EXPECT_EQ(instance_containers(), std::vector<std::string>{status.find("echo")->container_id});
}

TEST_F(BerthRunTest, ServerThatStopsAnsweringIsReplaced) {
  StatusView status;
  auto berth = start_with_ready("echo", &status);
  ASSERT_TRUE(berth);
  std::string id = status.find("echo")->container_id;

  // A paused container keeps running as far as events go, but answers no probe.
  ASSERT_TRUE(docker({"pause", id}).succeeded());
  ASSERT_TRUE(berth->wait_for(
      "echo replaced after failed probes",
      [&](auto& s) { return s.ready("echo") && s.find("echo")->container_id != id; }, kReadyTimeout,
      &status));
  std::string events = berth->get("/status/echo");
  EXPECT_NE(events.find("\"health-failed\""), std::string::npos) << events;
  EXPECT_NE(events.find("\"unhealthy\""), std::string::npos) << events;
  ASSERT_TRUE(berth->wait_for(
      "the paused container removed", [&](auto&) { return container_state(id).empty(); }, 20s));
}

// Die-to-start intervals of a container that exits at once, on Docker's clock: the first restart
// is immediate, then each waits at least the doubling delay from initialDelay (less 10% jitter);
// the engine's own start time only adds to them. Another server stays unaffected meanwhile.
TEST_F(BerthRunTest, CrashLoopBacksOffWithGrowingIntervals) {
  write_spec("steady.yaml", stdio_spec("steady"));
  auto berth = start_berth();
  ASSERT_TRUE(berth);
  ASSERT_TRUE(berth->wait_for(
      "steady Ready", [](auto& s) { return s.ready("steady"); }, kReadyTimeout));

  std::int64_t since = unix_now_ns();
  // An unknown mode makes the test server print its usage and exit with status 2.
  write_spec("crash.yaml", stdio_spec("crash", "  restart: {initialDelay: 1s, maxDelay: 10s}\n",
                                      "[no-such-mode]"));
  ASSERT_TRUE(berth->wait_for(
      "crash in BackOff after four restarts",
      [](auto& s) {
        const ServerView* crash = s.find("crash");
        return crash != nullptr && crash->restarts >= 4 && crash->phase == "BackOff";
      },
      60s));
  // Meanwhile an edit of the other server goes through at once.
  StatusView before;
  ASSERT_TRUE(berth->wait_for(
      "steady Ready", [](auto& s) { return s.ready("steady"); }, 1s, &before));
  std::string old_steady = before.find("steady")->container_id;
  write_spec("steady.yaml", stdio_spec("steady", "  env: {EDITED: \"1\"}\n"));
  ASSERT_TRUE(berth->wait_for(
      "steady replaced during the crash loop",
      [&](auto& s) { return s.ready("steady") && s.find("steady")->container_id != old_steady; },
      kReadyTimeout));

  std::vector<std::string> crash{"berth.server=crash", instance_label()};
  std::int64_t until = unix_now_ns();
  std::vector<std::int64_t> dies = event_times(crash, "die", since, until);
  std::vector<std::int64_t> starts = event_times(crash, "start", since, until);
  std::vector<double> gaps_ms;  // each death to the next start
  for (std::int64_t die : dies) {
    auto next = std::upper_bound(starts.begin(), starts.end(), die);
    if (next != starts.end()) gaps_ms.push_back(static_cast<double>(*next - die) / 1e6);
  }
  std::string shown = ::testing::PrintToString(gaps_ms);
  ASSERT_GE(gaps_ms.size(), 4u) << shown;
  EXPECT_LT(gaps_ms[0], gaps_ms[1]) << "the first restart is not immediate: " << shown;
  for (std::size_t i = 1; i < 4; ++i) {
    double delay_ms = 1000.0 * static_cast<double>(1 << (i - 1));
    EXPECT_GE(gaps_ms[i], 0.9 * delay_ms) << "restart " << i << " of " << shown;
    EXPECT_LT(gaps_ms[i], 1.1 * delay_ms + 3000) << "restart " << i << " of " << shown;
  }
}

}  // namespace
}  // namespace berth::test_support
