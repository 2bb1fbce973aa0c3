#include "reconciler/work_queue.h"

#include <algorithm>

#include "base/check.h"

namespace berth::reconciler {

void WorkQueue::add(const std::string& name) {
  MutexLock lock(mutex_);
  add_locked(name);
}

void WorkQueue::add_after(const std::string& name, Clock::Duration delay) {
  add_at(name, clock_.now() + delay);
}

void WorkQueue::add_at(const std::string& name, Clock::Time when) {
  MutexLock lock(mutex_);
  if (shut_down_) return;
  if (when <= clock_.now()) {
    add_locked(name);
    return;
  }
  auto [it, inserted] = delayed_.try_emplace(name, when);
  if (!inserted && when < it->second) it->second = when;
  changed_.notify_all();
}

void WorkQueue::add_locked(const std::string& name) {
  if (shut_down_) return;
  if (processing_.count(name) != 0) {
    dirty_.insert(name);
    return;
  }
  if (queued_.insert(name).second) {
    ready_.push_back(name);
    changed_.notify_one();
  }
}

void WorkQueue::promote_due_locked() {
  const Clock::Time now = clock_.now();
  for (auto it = delayed_.begin(); it != delayed_.end();) {
    if (it->second <= now) {
      add_locked(it->first);
      it = delayed_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<std::string> WorkQueue::pop_locked() {
  if (ready_.empty()) return std::nullopt;
  std::string name = std::move(ready_.front());
  ready_.pop_front();
  queued_.erase(name);
  processing_.insert(name);
  return name;
}

std::optional<std::string> WorkQueue::get() {
  MutexLock lock(mutex_);
  while (!shut_down_) {
    promote_due_locked();
    if (auto name = pop_locked()) return name;
    if (delayed_.empty()) {
      lock.wait(changed_);
    } else {
      lock.wait_for(changed_, next_wait_locked());
    }
  }
  return std::nullopt;
}

Clock::Duration WorkQueue::next_wait_locked() const {
  auto next = std::min_element(delayed_.begin(), delayed_.end(), [](auto& a, auto& b) {
                return a.second < b.second;
              })->second;
  // Wall waits are bounded so a fake clock moved without wake() is still noticed.
  return std::min<Clock::Duration>(next - clock_.now(), std::chrono::milliseconds(500));
}

std::optional<std::string> WorkQueue::try_get() {
  MutexLock lock(mutex_);
  if (shut_down_) return std::nullopt;
  promote_due_locked();
  return pop_locked();
}

void WorkQueue::done(const std::string& name) {
  MutexLock lock(mutex_);
  BERTH_CHECK(processing_.erase(name) == 1)
      << "done(" << name << ") for a name get() did not hand out";
  if (dirty_.erase(name) != 0) add_locked(name);
}

void WorkQueue::shutdown() {
  MutexLock lock(mutex_);
  shut_down_ = true;
  changed_.notify_all();
}

void WorkQueue::wake() { changed_.notify_all(); }

size_t WorkQueue::ready_size() const {
  MutexLock lock(mutex_);
  return ready_.size();
}

size_t WorkQueue::delayed_size() const {
  MutexLock lock(mutex_);
  return delayed_.size();
}

}  // namespace berth::reconciler
