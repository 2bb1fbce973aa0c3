#pragma once
// SpecWatcher: tells when the spec directory (or the secrets directory) changed, once per burst.
//
// inotify reports every step of an editor's save (write a temp file, rename it over the old one)
// and of a `git checkout` touching a hundred files; the watcher waits until the directories have
// been quiet for `quiet` (or at most `max_wait` after the first event, for a directory that never
// settles) and then calls `on_change` once. A watched directory that is removed or moved away is
// watched again when it reappears. One thread of its own; start() once, stop() once (joins);
// `on_change` runs on the watcher's thread.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <thread>
#include <vector>

#include "base/result.h"

namespace berth::specs {

struct WatchOptions {
  std::chrono::milliseconds quiet{250};
  std::chrono::milliseconds max_wait{2000};
};

class SpecWatcher {
 public:
  SpecWatcher(std::vector<std::filesystem::path> dirs, WatchOptions options,
              std::function<void()> on_change);
  ~SpecWatcher();

  Status start();
  void stop();

 private:
  void run();
  void add_missing_watches();
  // Reads pending inotify events; returns true when any concerns the watched directories.
  bool drain_events();

  const std::vector<std::filesystem::path> dirs_;
  const WatchOptions options_;
  const std::function<void()> on_change_;
  int inotify_fd_ = -1;
  int stop_fd_ = -1;               // eventfd: wakes the thread to stop
  std::map<int, size_t> watches_;  // watch descriptor → index in dirs_ (watcher thread only)
  std::thread thread_;
};

}  // namespace berth::specs
