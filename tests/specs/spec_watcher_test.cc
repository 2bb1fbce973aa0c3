#include "specs/spec_watcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

using namespace std::chrono_literals;
using test::TempDir;

// Counts the watcher's callbacks; waits for them with a deadline rather than fixed sleeps.
class Counter {
 public:
  void bump() { ++count_; }
  int count() const { return count_; }
  bool wait_for(int n, std::chrono::milliseconds deadline = 5s) const {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (count_ < n && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(5ms);
    return count_ >= n;
  }

 private:
  std::atomic<int> count_{0};
};

constexpr WatchOptions kFast{std::chrono::milliseconds(100), std::chrono::milliseconds(1000)};

TEST(SpecWatcherTest, HundredFilesWrittenAtOnceAreOneChange) {
  TempDir dir;
  Counter changes;
  SpecWatcher watcher({dir.path()}, kFast, [&] { changes.bump(); });
  ASSERT_TRUE(watcher.start());
  for (int i = 0; i < 100; ++i) dir.write("s" + std::to_string(i) + ".yaml", "x: 1\n");
  ASSERT_TRUE(changes.wait_for(1));
  std::this_thread::sleep_for(300ms);  // a second callback would have come by now
  EXPECT_EQ(changes.count(), 1);
}

TEST(SpecWatcherTest, EditorSaveByTempFileAndRenameIsOneChange) {
  TempDir dir;
  dir.write("a.yaml", "old\n");
  Counter changes;
  SpecWatcher watcher({dir.path()}, kFast, [&] { changes.bump(); });
  ASSERT_TRUE(watcher.start());
  dir.write(".a.yaml.swp", "swap\n");
  dir.write("a.yaml.tmp", "new\n");
  std::filesystem::rename(dir.path() / "a.yaml.tmp", dir.path() / "a.yaml");
  std::filesystem::remove(dir.path() / ".a.yaml.swp");
  ASSERT_TRUE(changes.wait_for(1));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(changes.count(), 1);
}

TEST(SpecWatcherTest, SecretsDirectoryIsWatchedToo) {
  TempDir specs_dir;
  TempDir secrets_dir;
  Counter changes;
  SpecWatcher watcher({specs_dir.path(), secrets_dir.path()}, kFast, [&] { changes.bump(); });
  ASSERT_TRUE(watcher.start());
  secrets_dir.write("token", "v2");
  EXPECT_TRUE(changes.wait_for(1));
}

TEST(SpecWatcherTest, DirectoryRemovedAndCreatedAgainIsWatchedAgain) {
  TempDir dir;
  std::filesystem::path specs = dir.path() / "specs";
  std::filesystem::create_directory(specs);
  Counter changes;
  SpecWatcher watcher({specs}, kFast, [&] { changes.bump(); });
  ASSERT_TRUE(watcher.start());
  std::filesystem::remove_all(specs);
  ASSERT_TRUE(changes.wait_for(1));
  std::filesystem::create_directory(specs);
  ASSERT_TRUE(changes.wait_for(2));  // noticed within the missing-directory retry
  std::ofstream(specs / "b.yaml") << "x: 1\n";
  EXPECT_TRUE(changes.wait_for(3));
}

TEST(SpecWatcherTest, StopReturnsPromptly) {
  TempDir dir;
  SpecWatcher watcher({dir.path()}, kFast, [] {});
  ASSERT_TRUE(watcher.start());
  auto start = std::chrono::steady_clock::now();
  watcher.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
}

}  // namespace
}  // namespace berth::specs
