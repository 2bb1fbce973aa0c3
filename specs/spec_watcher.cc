#include "specs/spec_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace berth::specs {
namespace {

using Clock = std::chrono::steady_clock;

constexpr uint32_t kEvents = IN_CREATE | IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_FROM | IN_MOVED_TO |
                             IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;
// While a watched directory is missing, it is looked for this often.
constexpr std::chrono::milliseconds kMissingDirRetry{1000};

}  // namespace

SpecWatcher::SpecWatcher(std::vector<std::filesystem::path> dirs, WatchOptions options,
                         std::function<void()> on_change)
    : dirs_(std::move(dirs)), options_(options), on_change_(std::move(on_change)) {}

SpecWatcher::~SpecWatcher() {
  stop();
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
  if (stop_fd_ >= 0) ::close(stop_fd_);
}

Status SpecWatcher::start() {
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (inotify_fd_ < 0 || stop_fd_ < 0) {
    return Error{std::string("cannot watch the spec directory: ") + std::strerror(errno)};
  }
  add_missing_watches();
  thread_ = std::thread([this] { run(); });
  return ok_status();
}

void SpecWatcher::stop() {
  if (!thread_.joinable()) return;
  uint64_t one = 1;
  (void)::write(stop_fd_, &one, sizeof one);
  thread_.join();
}

void SpecWatcher::add_missing_watches() {
  for (size_t i = 0; i < dirs_.size(); ++i) {
    bool watched = false;
    for (const auto& [wd, index] : watches_) watched = watched || index == i;
    if (watched) continue;
    int wd = inotify_add_watch(inotify_fd_, dirs_[i].c_str(), kEvents | IN_ONLYDIR);
    if (wd >= 0) watches_[wd] = i;
  }
}

bool SpecWatcher::drain_events() {
  alignas(inotify_event) char buffer[16 * 1024];
  bool relevant = false;
  while (true) {
    ssize_t n = ::read(inotify_fd_, buffer, sizeof buffer);
    if (n <= 0) return relevant;
    for (char* p = buffer; p < buffer + n;) {
      auto* event = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + event->len;
      if (event->mask & IN_IGNORED) watches_.erase(event->wd);  // directory gone: re-add later
      relevant = relevant || (event->mask & IN_Q_OVERFLOW) || watches_.count(event->wd) ||
                 (event->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED));
    }
  }
}

void SpecWatcher::run() {
  std::optional<Clock::time_point> first_event;
  Clock::time_point last_event;
  while (true) {
    int timeout = -1;
    if (first_event) {
      auto due = std::min(last_event + options_.quiet, *first_event + options_.max_wait);
      timeout = static_cast<int>(std::max<int64_t>(
          0, std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now()).count()));
    }
    if (watches_.size() < dirs_.size()) {
      int retry = static_cast<int>(kMissingDirRetry.count());
      timeout = timeout < 0 ? retry : std::min(timeout, retry);
    }
    pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    int ready = ::poll(fds, 2, timeout);
    if (ready < 0 && errno != EINTR) return;
    if (fds[1].revents & POLLIN) return;
    bool changed = (fds[0].revents & POLLIN) && drain_events();
    size_t before = watches_.size();
    add_missing_watches();
    changed = changed || watches_.size() > before;  // a directory came back
    if (changed) {
      last_event = Clock::now();
      if (!first_event) first_event = last_event;
    }
    if (first_event && (Clock::now() - last_event >= options_.quiet ||
                        Clock::now() - *first_event >= options_.max_wait)) {
      first_event.reset();
      on_change_();
    }
  }
}

}  // namespace berth::specs
