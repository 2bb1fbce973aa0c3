// BerthProcess runs the `berth run` binary built in this tree (BERTH_BINARY_PATH) as a child
// process for integration tests against a real Docker engine, and reads its state the way a
// user would: through GET /status on the port it listens on (127.0.0.1, ephemeral).
//
// wait_for() polls /status until a condition holds, and keeps draining berth's log meanwhile so a
// chatty berth never blocks on a full pipe; a timeout fails with the last status and the tail of
// the log. Thread safety: none; one test thread owns a BerthProcess. The destructor SIGKILLs a
// berth that is still running (containers stay; the fixture removes them).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/tools/child_process.h"

namespace berth::test_support {

inline constexpr std::chrono::milliseconds kReadyTimeout{30000};

// One server of GET /status, the fields the tests look at.
struct ServerView {
  std::string name;
  std::string phase;
  bool ready = false;
  std::string container_id;
  std::string spec_hash;
  int restarts = 0;
  std::string last_error;
};

struct StatusView {
  std::map<std::string, ServerView> servers;  // by name
  std::vector<std::string> errors;            // "file:line: message"
  std::string body;                           // the raw JSON, for failure messages

  [[nodiscard]] const ServerView* find(const std::string& name) const;
  [[nodiscard]] bool ready(const std::string& name) const;
};

struct BerthOptions {
  std::string specs;
  std::string secrets;
  std::string instance;
  std::string docker;  // empty: berth's default
  bool watch = true;
  std::string token_file;               // --token-file; its token is then sent with every request
  std::vector<std::string> extra_args;  // appended to `berth run …` as they are
};

class BerthProcess {
 public:
  using Duration = std::chrono::milliseconds;
  using Condition = std::function<bool(const StatusView&)>;

  // Starts berth and waits for its "berth running … listen=127.0.0.1:PORT" line.
  [[nodiscard]] static std::unique_ptr<BerthProcess> start(const BerthOptions& options,
                                                           std::string& error);

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] pid_t pid() const { return process_->pid(); }

  // GET /status once; nullopt (with `error`) if berth did not answer with JSON.
  [[nodiscard]] std::optional<StatusView> status(std::string* error = nullptr);
  // GET `target` once; the body, or "" on failure.
  [[nodiscard]] std::string get(const std::string& target);

  // Polls /status until `condition` holds; the status that satisfied it, or a failure naming
  // `what`, the last status and berth's recent log.
  ::testing::AssertionResult wait_for(const std::string& what, const Condition& condition,
                                      Duration timeout, StatusView* satisfied = nullptr);

  // wait_for(`name` Ready) within kReadyTimeout.
  ::testing::AssertionResult wait_ready(const std::string& name, StatusView* satisfied = nullptr);

  // Sends SIGHUP / SIGTERM and so on.
  bool signal(int sig) { return process_->send_signal(sig); }
  // SIGTERM, then waits for the exit; the exit status, or nullopt at timeout.
  [[nodiscard]] std::optional<ExitStatus> stop(Duration timeout);

  // Everything berth logged so far (after draining its pipes).
  [[nodiscard]] const std::string& log();

 private:
  explicit BerthProcess(std::unique_ptr<ChildProcess> process) : process_(std::move(process)) {}
  void drain();

  [[nodiscard]] std::map<std::string, std::string> auth_headers() const;

  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
  std::string token_;
  std::string log_;
};

}  // namespace berth::test_support
