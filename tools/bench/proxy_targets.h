// ProxyTargets: what bench_proxy measures against — a `berth run` on a temp specs directory
// with two test MCP servers (berth/test-server:latest) under a unique instance name:
//   echo-stdio  stdio, network none, served by berth at /mcp/echo-stdio;
//   echo-http   streamable-http on 3001/mcp, published by berth on 127.0.0.1, served by berth at
//               /mcp/echo-http and reachable straight at its published port.
// Only loopback addresses are ever used. The destructor cleans up whatever start() got to:
// SIGTERM to berth, removal of every container labelled berth.instance=<instance> or
// bench=<instance>, and the temp directory.
// Thread safety: none; the benchmark's main thread owns it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "reconciler/docker/docker_client.h"
#include "tools/bench/bench_berth.h"

namespace berth::bench {

inline constexpr char kTestServerImage[] = "berth/test-server:latest";
inline constexpr char kStdioServer[] = "echo-stdio";
inline constexpr char kHttpServer[] = "echo-http";

class ProxyTargets {
 public:
  // Starts berth with both specs and waits until both servers are Ready; nullptr with `error`
  // (after cleaning up) if that fails.
  static std::unique_ptr<ProxyTargets> start(const std::string& berth_binary,
                                             const std::string& instance, std::string& error);
  ~ProxyTargets();
  ProxyTargets(const ProxyTargets&) = delete;
  ProxyTargets& operator=(const ProxyTargets&) = delete;

  [[nodiscard]] BenchBerth& berth() { return *berth_; }
  [[nodiscard]] std::uint16_t http_backend_port() const { return http_backend_port_; }
  [[nodiscard]] const std::string& stdio_container() const { return stdio_container_; }
  [[nodiscard]] const std::string& http_container() const { return http_container_; }
  [[nodiscard]] const std::string& instance() const { return instance_; }
  [[nodiscard]] const std::filesystem::path& log() const { return log_; }

 private:
  explicit ProxyTargets(std::string instance) : instance_(std::move(instance)) {}
  bool write_specs(std::string& error);
  bool wait_ready(std::string& error);
  void remove_containers();

  std::string instance_;
  reconciler::DockerClient docker_;
  std::filesystem::path dir_;
  std::filesystem::path log_;
  std::optional<BenchBerth> berth_;
  std::string stdio_container_;
  std::string http_container_;
  std::uint16_t http_backend_port_ = 0;
};

}  // namespace berth::bench
