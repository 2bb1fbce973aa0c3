// SseSession is the outbox of one legacy HTTP+SSE session: POST handlers push answers, the
// thread holding the session's GET stream pops and writes them. SseSessionRegistry maps the
// session ids handed out in `endpoint` events to live sessions.
// Thread safety: both types are fully synchronised; sessions are shared (shared_ptr) between
// the stream thread and any POST or worker thread still holding one after the stream ended.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace berth::test_server {

class SseSession {
 public:
  explicit SseSession(std::string id) : id_(std::move(id)) {}

  [[nodiscard]] const std::string& id() const { return id_; }

  // Queues one JSON-RPC message for the stream.
  void push(std::string message);

  // The next queued message, or nullopt if none arrived within timeout.
  [[nodiscard]] std::optional<std::string> pop(std::chrono::milliseconds timeout);

 private:
  const std::string id_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> messages_;  // GUARDED_BY(mutex_)
};

class SseSessionRegistry {
 public:
  // Creates and registers a session with a fresh random id.
  [[nodiscard]] std::shared_ptr<SseSession> create();

  // The live session with this id, or nullptr.
  [[nodiscard]] std::shared_ptr<SseSession> find(const std::string& id) const;

  // Forgets a session once its stream has ended.
  void remove(const std::string& id);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<SseSession>> sessions_;  // GUARDED_BY(mutex_)
};

}  // namespace berth::test_server
