// DockerClient::watch_events against the real engine.

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "tests/reconciler/docker/docker_test_support.h"

namespace berth::reconciler::docker::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

// Events seen by a watcher thread, waited on by the test's thread.
class EventLog {
 public:
  void add(const DockerEvent& event) {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
    changed_.notify_all();
  }
  // The first event of container `id` with `action`, waiting up to `timeout` for it.
  std::optional<DockerEvent> wait_for(const std::string& id, const std::string& action,
                                      milliseconds timeout) {
    std::unique_lock lock(mutex_);
    std::optional<DockerEvent> found;
    changed_.wait_for(lock, timeout, [&] {
      for (const auto& event : events_) {
        if (event.id == id && event.action == action) found = event;
      }
      return found.has_value();
    });
    return found;
  }
  std::vector<DockerEvent> all() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<DockerEvent> events_;  // GUARDED_BY(mutex_)
};

using DockerEventsIntegrationTest = DockerIntegrationTest;

TEST_F(DockerEventsIntegrationTest, SeesStartAndDieThenStopsPromptly) {
  EventLog log;
  std::atomic<bool> keep_going{true};
  Status watched = ok_status();
  steady_clock::time_point returned;
  std::thread watcher([&] {
    watched = client_.watch_events(
        run_labels(), [&](const DockerEvent& event) { log.add(event); },
        [&] { return keep_going.load(); });
    returned = steady_clock::now();
  });
  // The stream delivers once the watcher has connected; until a sentinel's `create` comes
  // through, events of the test container could be missed.
  bool streaming = false;
  for (int attempt = 0; attempt < 40 && !streaming; ++attempt) {
    std::string sentinel = create(http_config("sentinel-" + std::to_string(attempt)));
    streaming = log.wait_for(sentinel, "create", milliseconds(250)).has_value();
  }
  if (!streaming) {
    keep_going = false;
    watcher.join();
    FAIL() << "the event stream never delivered: " << (watched ? "" : watched.error());
  }

  std::string id = create_and_start(http_config("events"));
  if (!id.empty()) {
    auto stopped = client_.stop_container(id, seconds(5));
    EXPECT_TRUE(stopped.ok()) << stopped.error();
  }
  auto start = log.wait_for(id, "start", seconds(15));
  auto die = log.wait_for(id, "die", seconds(15));

  auto stop_asked = steady_clock::now();
  keep_going = false;
  watcher.join();
  EXPECT_TRUE(watched.ok()) << watched.error();
  EXPECT_LT(returned - stop_asked, milliseconds(500));

  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(start.has_value()) << "no start event";
  EXPECT_EQ(start->type, "container");
  EXPECT_GT(start->time_nano, 0);
  EXPECT_EQ(start->attributes.at("name"), unique_name("events"));
  ASSERT_TRUE(die.has_value()) << "no die event";
  // 0 from the test server's SIGTERM handler, or 143 when SIGTERM raced its start; not 137.
  EXPECT_TRUE(die->attributes.at("exitCode") == "0" || die->attributes.at("exitCode") == "143")
      << die->attributes.at("exitCode");
  for (const auto& event : log.all()) {
    EXPECT_EQ(event.attributes.at("berth.test.run"), run_id_) << event.action;
  }
}

TEST_F(DockerEventsIntegrationTest, IdleStreamStopsWithinHalfASecond) {
  std::atomic<bool> keep_going{true};
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(300));
    keep_going = false;
  });
  auto began = steady_clock::now();
  Labels nobody = {{"berth.test.run", run_id_ + "-nobody"}};
  auto watched = client_.watch_events(
      nobody, [](const DockerEvent&) {}, [&] { return keep_going.load(); });
  auto took = steady_clock::now() - began;
  stopper.join();
  EXPECT_TRUE(watched.ok()) << watched.error();
  EXPECT_LT(took, milliseconds(300 + 500));
}

}  // namespace
}  // namespace berth::reconciler::docker::testing
