// PrivateDockerd: a Docker engine of the test's own (its own data root, exec root and socket
// under a test directory, and its own network namespace) that a test may stop and start again,
// as `dockerd` restarting under a running berth, without disturbing the shared engine other
// tests use. It has no bridge network and leaves iptables alone, so it fits stdio servers with
// `network: none`; the test server image is copied into it from the shared engine (docker save |
// docker load).
// Thread safety: none; one test owns it. The destructor stops the engine.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tests/tools/child_process.h"

namespace berth::test_support {

class PrivateDockerd {
 public:
  explicit PrivateDockerd(std::filesystem::path root) : root_(std::move(root)) {}
  ~PrivateDockerd() { (void)stop(); }
  PrivateDockerd(const PrivateDockerd&) = delete;
  PrivateDockerd& operator=(const PrivateDockerd&) = delete;

  // Starts the engine and waits until it answers; "" or what went wrong (with its log).
  [[nodiscard]] std::string start();
  // SIGTERM, as a service manager stops it; waits for it to exit (SIGKILL after 30 s).
  [[nodiscard]] std::string stop();
  // Copies an image of the shared engine into this one.
  [[nodiscard]] std::string load_image(const std::string& image);

  // For `docker -H` and `berth run --docker`: unix://…/docker.sock.
  [[nodiscard]] std::string host() const { return "unix://" + (root_ / "docker.sock").string(); }
  [[nodiscard]] std::string log_tail() const;

 private:
  std::filesystem::path root_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace berth::test_support
