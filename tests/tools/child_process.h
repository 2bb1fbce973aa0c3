// ChildProcess runs a program with its stdin, stdout and stderr on pipes, for tests that drive a
// real process (the test MCP server, the docker CLI). Every write, read and wait takes a timeout,
// so a hung child fails a test instead of hanging it, and while waiting on one pipe it keeps
// draining the others into buffers, so a chatty child never stalls on a full pipe.
// Ownership: the destructor SIGKILLs and reaps a child that is still running.
// Thread safety: none; one test thread owns a ChildProcess. The first spawn() sets SIGPIPE to
// SIG_IGN in the test process, so writing to a child that has exited fails with EPIPE instead
// of killing the test; children get the default disposition back.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::test_support {

// How a child ended.
struct ExitStatus {
  bool exited = false;  // true: ended by exit() with `code`; false: killed by `signal`.
  int code = -1;
  int signal = 0;
  [[nodiscard]] std::string describe() const;  // "exit code 0", "signal 9".
};

class ChildProcess {
 public:
  using Duration = std::chrono::milliseconds;

  // Starts argv[0] (searched in PATH) with pipes on its stdio. On failure returns nullptr and
  // sets error.
  [[nodiscard]] static std::unique_ptr<ChildProcess> spawn(const std::vector<std::string>& argv,
                                                           std::string& error);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }

  // Writes all of data to the child's stdin; false on error (child gone) or timeout.
  [[nodiscard]] bool write(std::string_view data, Duration timeout);
  [[nodiscard]] bool write_line(std::string_view line, Duration timeout);  // appends '\n'.
  void close_stdin();

  // The next line of stdout or stderr, without its '\n'; nullopt at timeout or end of stream.
  [[nodiscard]] std::optional<std::string> read_line(Duration timeout);
  [[nodiscard]] std::optional<std::string> read_stderr_line(Duration timeout);

  // Everything read from stdout or stderr and not yet returned as a line, after draining what
  // is available now without waiting. take_* also consume it; pending_stderr() only peeks (for
  // failure messages).
  [[nodiscard]] std::string take_stdout();
  [[nodiscard]] std::string take_stderr();
  [[nodiscard]] std::string pending_stderr();

  // Waits for the child to end, draining its output meanwhile; nullopt at timeout.
  [[nodiscard]] std::optional<ExitStatus> wait(Duration timeout);

  // Sends sig to the child; false if it has already been reaped.
  bool send_signal(int sig);

 private:
  using Clock = std::chrono::steady_clock;
  struct Output {
    int fd = -1;
    std::string buffer;  // read but not yet returned.
    bool eof = false;
  };

  ChildProcess(pid_t pid, int stdin_fd, int stdout_fd, int stderr_fd);
  [[nodiscard]] std::optional<std::string> read_line_from(Output& output, Duration timeout);
  // Waits until a pipe or the child is ready or the deadline passes, draining readable output
  // and reaping the child if it ended. Returns false if nothing happened before the deadline
  // (so a deadline of now() drains without waiting). Sets stdin_ready when stdin can take more.
  bool pump(Clock::time_point deadline, bool want_stdin, bool* stdin_ready);
  bool reap(bool block);  // true once the child has been reaped into status_.

  pid_t pid_;
  int stdin_fd_;
  int pid_fd_;  // pidfd for poll(); -1 if unavailable (then waits poll in short steps).
  Output stdout_;
  Output stderr_;
  std::optional<ExitStatus> status_;
};

// The outcome of running a command to completion.
struct CommandResult {
  std::string error;  // non-empty if it could not be started or did not finish in time.
  ExitStatus status;
  std::string out;
  std::string err;
  [[nodiscard]] bool succeeded() const {
    return error.empty() && status.exited && status.code == 0;
  }
  [[nodiscard]] std::string describe() const;  // for assertion messages.
};

// Runs argv with empty stdin, collecting its output, killing it after timeout.
[[nodiscard]] CommandResult run_command(const std::vector<std::string>& argv,
                                        ChildProcess::Duration timeout);

}  // namespace berth::test_support
