#include "tools/bench/stdio_pipe_client.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace berth::bench {
namespace {

using namespace std::chrono_literals;

// The integer after the first `"id":` of an answer line, or nullopt (a notification, an id
// that is not an integer). The bench's own requests have integer ids and plain texts.
std::optional<std::int64_t> id_of(std::string_view line) {
  std::size_t at = line.find("\"id\":");
  if (at == std::string_view::npos) return std::nullopt;
  at += 5;
  while (at < line.size() && line[at] == ' ') ++at;
  if (at >= line.size() || (line[at] != '-' && (line[at] < '0' || line[at] > '9')))
    return std::nullopt;
  return std::strtoll(line.data() + at, nullptr, 10);
}

}  // namespace

std::unique_ptr<StdioPipeClient> StdioPipeClient::spawn(const std::vector<std::string>& argv,
                                                        std::string& error) {
  int in[2];
  int out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return nullptr;
  }
  if (::pipe2(out, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    ::close(in[0]);
    ::close(in[1]);
    return nullptr;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  if (spawned != 0) {
    error = "cannot start " + argv[0] + ": " + std::strerror(spawned);
    ::close(in[1]);
    ::close(out[0]);
    return nullptr;
  }
  return std::unique_ptr<StdioPipeClient>(new StdioPipeClient(pid, in[1], out[0]));
}

StdioPipeClient::StdioPipeClient(pid_t pid, int to_child, int from_child)
    : pid_(pid), to_child_(to_child), from_child_(from_child) {
  reader_ = std::thread([this] { read_loop(); });
}

StdioPipeClient::~StdioPipeClient() {
  ::close(to_child_);
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (::waitpid(pid_, nullptr, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  reader_.join();
  ::close(from_child_);
}

bool StdioPipeClient::write_line(std::string_view line) {
  std::lock_guard lock(write_mutex_);
  std::string_view rest = line;
  while (!rest.empty()) {
    ssize_t n = ::write(to_child_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::optional<std::string> StdioPipeClient::call(std::int64_t id, std::string_view request) {
  Waiter waiter;
  std::unique_lock lock(mutex_);
  if (ended_) return std::nullopt;
  waiters_[id] = &waiter;
  lock.unlock();
  std::string line(request);
  line.push_back('\n');
  bool sent = write_line(line);
  lock.lock();
  if (sent) {
    waiter.ready.wait_for(lock, 10s, [&] { return waiter.answer.has_value() || ended_; });
  }
  waiters_.erase(id);
  return std::move(waiter.answer);
}

bool StdioPipeClient::notify(std::string_view notification) {
  std::string line(notification);
  line.push_back('\n');
  return write_line(line);
}

bool StdioPipeClient::initialize(std::string& error) {
  std::int64_t id = next_id();
  std::optional<std::string> answer =
      call(id, R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
                   R"(,"method":"initialize","params":{"protocolVersion":"2025-06-18",)"
                   R"("capabilities":{},"clientInfo":{"name":"bench_proxy","version":"1.0"}}})");
  if (!answer || answer->find("\"result\"") == std::string::npos) {
    error = "stdio initialize failed: " + answer.value_or("no answer");
    return false;
  }
  return notify(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
}

bool StdioPipeClient::call_echo() {
  std::int64_t id = next_id();
  char request[160];
  int n = std::snprintf(request, sizeof request,
                        R"({"jsonrpc":"2.0","id":%lld,"method":"tools/call","params":)"
                        R"({"name":"echo","arguments":{"text":"hello from bench_proxy"}}})",
                        static_cast<long long>(id));
  std::optional<std::string> answer =
      call(id, std::string_view(request, static_cast<std::size_t>(n)));
  return answer && answer->find("\"result\"") != std::string::npos;
}

void StdioPipeClient::read_loop() {
  std::string pending;
  char chunk[64 * 1024];
  for (;;) {
    ssize_t n = ::read(from_child_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(chunk, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1) {
      deliver(std::string_view(pending).substr(start, end - start));
    }
    pending.erase(0, start);
  }
  std::lock_guard lock(mutex_);
  ended_ = true;
  for (auto& [id, waiter] : waiters_) waiter->ready.notify_one();
}

void StdioPipeClient::deliver(std::string_view line) {
  std::optional<std::int64_t> id = id_of(line);
  if (!id) return;
  std::lock_guard lock(mutex_);
  auto it = waiters_.find(*id);
  if (it == waiters_.end()) return;  // the caller gave up already
  it->second->answer.emplace(line);
  it->second->ready.notify_one();
}

}  // namespace berth::bench
