// BenchBerth: a `berth run` process under measurement for the benchmarks. It runs the binary
// with its log in a file (so a slow reader never stalls it), reads the listen port from that log,
// fetches /status over loopback with libcurl, samples the process's CPU time and memory from
// /proc, and times SIGTERM to exit. Thread safety: none; one benchmark thread owns it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::bench {

struct BerthArgs {
  std::string binary;
  std::filesystem::path specs;
  std::filesystem::path secrets;
  std::filesystem::path log;
  std::string instance;
  std::string docker;  // --docker URL
};

// What /status says about the servers, reduced to what the benchmarks count.
struct StatusCounts {
  int servers = 0;
  int ready = 0;
  std::map<std::string, std::string> container_of;  // server name → container id
};

struct ProcessSample {
  double cpu_seconds = 0;  // user + system, since the process started
  std::int64_t rss_kib = 0;
  std::int64_t peak_rss_kib = 0;
  int threads = 0;
};

class BenchBerth {
 public:
  // Starts berth --watch on 127.0.0.1:0 and waits until it listens; nullopt with `error`.
  static std::optional<BenchBerth> start(const BerthArgs& args, std::string& error);

  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] std::uint16_t port() const { return port_; }
  // GET path on berth's port; the body, or nullopt if it did not answer 200.
  [[nodiscard]] std::optional<std::string> get(const std::string& path) const;
  [[nodiscard]] std::optional<StatusCounts> status() const;
  [[nodiscard]] ProcessSample sample() const;
  // SIGTERM, then waits; how long the process took to exit, or nullopt if it did not in 10 s.
  std::optional<std::chrono::milliseconds> terminate();

 private:
  BenchBerth(pid_t pid, std::uint16_t port) : pid_(pid), port_(port) {}
  pid_t pid_;
  std::uint16_t port_;
};

// Runs argv to completion with its output discarded; its exit code, or -1.
int run_quietly(const std::vector<std::string>& argv);

}  // namespace berth::bench
