#include "tools/test_server/sse_session.h"

#include "tools/test_server/session_id.h"

namespace berth::test_server {

void SseSession::push(std::string message) {
  {
    std::lock_guard lock(mutex_);
    messages_.push_back(std::move(message));
  }
  ready_.notify_one();
}

std::optional<std::string> SseSession::pop(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!ready_.wait_for(lock, timeout, [this] { return !messages_.empty(); })) return std::nullopt;
  std::string message = std::move(messages_.front());
  messages_.pop_front();
  return message;
}

std::shared_ptr<SseSession> SseSessionRegistry::create() {
  auto session = std::make_shared<SseSession>(new_session_id());
  std::lock_guard lock(mutex_);
  sessions_[session->id()] = session;
  return session;
}

std::shared_ptr<SseSession> SseSessionRegistry::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second;
}

void SseSessionRegistry::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

}  // namespace berth::test_server
