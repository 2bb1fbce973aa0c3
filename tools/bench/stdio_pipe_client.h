// StdioPipeClient: an MCP server run as a child process and spoken to over its stdin/stdout as
// newline-delimited JSON-RPC, shared by many caller threads through that one pipe. Each call()
// writes its request line (under a mutex, so lines never interleave) and waits; one reader
// thread matches each answer line to its caller by the JSON-RPC id, which callers keep unique
// with next_id(). The child's stderr goes to /dev/null.
// Thread safety: call(), next_id() and pid() from any number of threads; the destructor once,
// after the callers are done.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace berth::bench {

class StdioPipeClient {
 public:
  // Starts argv with pipes on its stdin and stdout; nullptr with `error` if it cannot.
  static std::unique_ptr<StdioPipeClient> spawn(const std::vector<std::string>& argv,
                                                std::string& error);
  // Closes the child's stdin (an MCP stdio server exits at EOF), reaps it (SIGKILL after 5 s)
  // and joins the reader.
  ~StdioPipeClient();
  StdioPipeClient(const StdioPipeClient&) = delete;
  StdioPipeClient& operator=(const StdioPipeClient&) = delete;

  // Sends one JSON-RPC request whose id is `id` (no newline) and waits for the answer with that
  // id; the answer line, or nullopt if the child's stdout ended or 10 s passed.
  std::optional<std::string> call(std::int64_t id, std::string_view request);
  // Sends one notification (nothing comes back); false if the pipe is closed.
  bool notify(std::string_view notification);
  // initialize + notifications/initialized; false with `error` unless a result came back.
  bool initialize(std::string& error);
  // tools/call echo with a short text and a fresh id; true if a result came back.
  bool call_echo();

  std::int64_t next_id() { return next_id_.fetch_add(1, std::memory_order_relaxed); }
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  // One caller waiting for its answer; lives on the caller's stack.
  struct Waiter {
    std::condition_variable ready;
    std::optional<std::string> answer;
  };

  StdioPipeClient(pid_t pid, int to_child, int from_child);
  bool write_line(std::string_view line);
  void read_loop();
  void deliver(std::string_view line);

  const pid_t pid_;
  const int to_child_;
  const int from_child_;
  std::atomic<std::int64_t> next_id_{1};
  std::mutex write_mutex_;  // one line at a time on the child's stdin
  std::mutex mutex_;
  std::map<std::int64_t, Waiter*> waiters_;  // GUARDED_BY(mutex_)
  bool ended_ = false;                       // GUARDED_BY(mutex_): the child's stdout ended
  std::thread reader_;
};

}  // namespace berth::bench
