#include "tests/tools/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <utility>

extern char** environ;

namespace berth::test_support {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Creates the three stdio pipes: fds[i][0] read end, fds[i][1] write end, all close-on-exec.
bool make_pipes(int (&fds)[3][2], std::string& error) {
  for (auto& pair : fds) pair[0] = pair[1] = -1;
  for (auto& pair : fds) {
    if (::pipe2(pair, O_CLOEXEC) != 0) {
      error = std::string("pipe2: ") + std::strerror(errno);
      for (auto& p : fds) close_fd(p[0]), close_fd(p[1]);
      return false;
    }
  }
  return true;
}

// posix_spawnp with the pipes on fds 0-2, an empty signal mask and default SIGPIPE.
int spawn_with_pipes(const std::vector<std::string>& argv, int (&fds)[3][2], pid_t& pid) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0][0], 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1][1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[2][1], 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t signals;
  sigemptyset(&signals);
  posix_spawnattr_setsigmask(&attributes, &signals);
  sigaddset(&signals, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  int rc = posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  return rc;
}

}  // namespace

std::string ExitStatus::describe() const {
  return exited ? "exit code " + std::to_string(code) : "signal " + std::to_string(signal);
}

std::unique_ptr<ChildProcess> ChildProcess::spawn(const std::vector<std::string>& argv,
                                                  std::string& error) {
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { ::signal(SIGPIPE, SIG_IGN); });
  if (argv.empty()) {
    error = "empty command line";
    return nullptr;
  }
  int fds[3][2];
  if (!make_pipes(fds, error)) return nullptr;
  pid_t pid = -1;
  int rc = spawn_with_pipes(argv, fds, pid);
  close_fd(fds[0][0]);
  close_fd(fds[1][1]);
  close_fd(fds[2][1]);
  if (rc != 0) {
    error = "cannot start " + argv[0] + ": " + std::strerror(rc);
    close_fd(fds[0][1]), close_fd(fds[1][0]), close_fd(fds[2][0]);
    return nullptr;
  }
  for (int fd : {fds[0][1], fds[1][0], fds[2][0]}) ::fcntl(fd, F_SETFL, O_NONBLOCK);
  return std::unique_ptr<ChildProcess>(new ChildProcess(pid, fds[0][1], fds[1][0], fds[2][0]));
}

ChildProcess::ChildProcess(pid_t pid, int stdin_fd, int stdout_fd, int stderr_fd)
    : pid_(pid), stdin_fd_(stdin_fd), pid_fd_(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))) {
  stdout_.fd = stdout_fd;
  stderr_.fd = stderr_fd;
}

ChildProcess::~ChildProcess() {
  if (!status_) {
    ::kill(pid_, SIGKILL);
    reap(/*block=*/true);
  }
  close_fd(stdin_fd_);
  close_fd(stdout_.fd);
  close_fd(stderr_.fd);
  close_fd(pid_fd_);
}

bool ChildProcess::write(std::string_view data, Duration timeout) {
  auto deadline = Clock::now() + timeout;
  while (!data.empty()) {
    if (stdin_fd_ < 0) return false;
    ssize_t written = ::write(stdin_fd_, data.data(), data.size());
    if (written > 0) {
      data.remove_prefix(static_cast<std::size_t>(written));
      continue;
    }
    if (written < 0 && errno != EAGAIN && errno != EINTR) return false;
    bool stdin_ready = false;
    while (!stdin_ready) {
      if (!pump(deadline, /*want_stdin=*/true, &stdin_ready)) return false;
    }
  }
  return true;
}

bool ChildProcess::write_line(std::string_view line, Duration timeout) {
  std::string text(line);
  text.push_back('\n');
  return write(text, timeout);
}

void ChildProcess::close_stdin() { close_fd(stdin_fd_); }

std::optional<std::string> ChildProcess::read_line(Duration timeout) {
  return read_line_from(stdout_, timeout);
}

std::optional<std::string> ChildProcess::read_stderr_line(Duration timeout) {
  return read_line_from(stderr_, timeout);
}

std::optional<std::string> ChildProcess::read_line_from(Output& output, Duration timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    std::size_t newline = output.buffer.find('\n');
    if (newline != std::string::npos) {
      std::string line = output.buffer.substr(0, newline);
      output.buffer.erase(0, newline + 1);
      return line;
    }
    if (output.eof || !pump(deadline, false, nullptr)) return std::nullopt;
  }
}

std::string ChildProcess::take_stdout() {
  while (pump(Clock::now(), false, nullptr)) {
  }
  return std::exchange(stdout_.buffer, std::string());
}

std::string ChildProcess::take_stderr() {
  while (pump(Clock::now(), false, nullptr)) {
  }
  return std::exchange(stderr_.buffer, std::string());
}

std::string ChildProcess::pending_stderr() {
  while (pump(Clock::now(), false, nullptr)) {
  }
  return stderr_.buffer;
}

std::optional<ExitStatus> ChildProcess::wait(Duration timeout) {
  auto deadline = Clock::now() + timeout;
  while (!reap(/*block=*/false)) {
    if (!pump(deadline, false, nullptr)) return reap(false) ? status_ : std::nullopt;
  }
  return status_;
}

bool ChildProcess::send_signal(int sig) { return !status_ && ::kill(pid_, sig) == 0; }

bool ChildProcess::pump(Clock::time_point deadline, bool want_stdin, bool* stdin_ready) {
  pollfd fds[4];
  nfds_t count = 0;
  for (Output* output : {&stdout_, &stderr_}) {
    if (!output->eof) fds[count++] = {output->fd, POLLIN, 0};
  }
  if (want_stdin && stdin_fd_ >= 0) fds[count++] = {stdin_fd_, POLLOUT, 0};
  bool watch_exit = !status_ && pid_fd_ >= 0;
  if (watch_exit) fds[count++] = {pid_fd_, POLLIN, 0};
  // Without a pidfd, nothing wakes poll() when the child exits: poll in short steps.
  int timeout = remaining_ms(deadline);
  if (!status_ && pid_fd_ < 0) timeout = std::min(timeout, 5);
  int ready = ::poll(fds, count, timeout);
  if (ready < 0 && errno == EINTR) return Clock::now() < deadline;
  if (ready < 0) return false;
  // Nothing happened: report the deadline, except between the short steps of a pidfd-less wait.
  if (ready == 0) return !status_ && pid_fd_ < 0 && Clock::now() < deadline;
  char chunk[65536];
  for (nfds_t i = 0; i < count; ++i) {
    if (fds[i].revents == 0) continue;
    if (fds[i].fd == stdin_fd_ && stdin_ready != nullptr) *stdin_ready = true;
    for (Output* output : {&stdout_, &stderr_}) {
      if (fds[i].fd != output->fd || output->eof) continue;
      ssize_t got = ::read(output->fd, chunk, sizeof chunk);
      if (got > 0) output->buffer.append(chunk, static_cast<std::size_t>(got));
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) output->eof = true;
    }
  }
  if (watch_exit && fds[count - 1].revents != 0) reap(/*block=*/false);
  return true;
}

bool ChildProcess::reap(bool block) {
  if (status_) return true;
  int raw = 0;
  pid_t got = ::waitpid(pid_, &raw, block ? 0 : WNOHANG);
  if (got != pid_) return false;
  ExitStatus status;
  status.exited = WIFEXITED(raw);
  status.code = status.exited ? WEXITSTATUS(raw) : -1;
  status.signal = WIFSIGNALED(raw) ? WTERMSIG(raw) : 0;
  status_ = status;
  return true;
}

std::string CommandResult::describe() const {
  std::string text = error.empty() ? status.describe() : error;
  if (!out.empty()) text += "\nstdout: " + out;
  if (!err.empty()) text += "\nstderr: " + err;
  return text;
}

CommandResult run_command(const std::vector<std::string>& argv, ChildProcess::Duration timeout) {
  CommandResult result;
  std::unique_ptr<ChildProcess> child = ChildProcess::spawn(argv, result.error);
  if (!child) return result;
  child->close_stdin();
  std::optional<ExitStatus> status = child->wait(timeout);
  result.out = child->take_stdout();
  result.err = child->take_stderr();
  if (status) {
    result.status = *status;
  } else {
    result.error = argv[0] + " did not finish within " + std::to_string(timeout.count()) + " ms";
  }
  return result;
}

}  // namespace berth::test_support
