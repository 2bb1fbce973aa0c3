// BerthRunTest: the fixture of the `berth run` integration tests. Each test gets its own spec
// and secrets directories and its own berth instance name, so tests can run in parallel on one
// engine and each removes only the containers of its own instance. Spec files are written the
// way editors save them (a temporary file renamed into place).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/tools/berth/berth_process.h"
#include "tests/tools/berth/docker_cli.h"

namespace berth::test_support {

class BerthRunTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A stdio spec of the test server named `name`; `extra` is appended inside `spec:` (indented
  // by two spaces per line already); `args` is the server's argument list in YAML flow style.
  [[nodiscard]] static std::string stdio_spec(const std::string& name,
                                              const std::string& extra = "",
                                              const std::string& args = "[stdio, --quiet]");

  void write_spec(const std::string& file, const std::string& text);
  void write_secret(const std::string& file, const std::string& value);
  void remove_spec(const std::string& file);

  [[nodiscard]] BerthOptions options() const;
  // Starts berth on this test's directories; fails the test if it does not come up.
  [[nodiscard]] std::unique_ptr<BerthProcess> start_berth(BerthOptions options);
  [[nodiscard]] std::unique_ptr<BerthProcess> start_berth() { return start_berth(options()); }
  // Writes the stdio spec of `name`, starts berth and waits until `name` is Ready (its status in
  // `status`); null, with the test failed, if it does not get there.
  [[nodiscard]] std::unique_ptr<BerthProcess> start_with_ready(const std::string& name,
                                                               StatusView* status = nullptr);

  [[nodiscard]] std::string instance_label() const { return "berth.instance=" + instance_; }
  [[nodiscard]] std::vector<std::string> instance_containers() const {
    return containers_with_label(instance_label(), docker_host_);
  }

  std::filesystem::path dir_;
  std::filesystem::path specs_;
  std::filesystem::path secrets_;
  std::string instance_;
  std::string docker_host_;  // "" = the default engine
  // Containers with any of these labels are removed after the test: this instance's, and
  // those a test made itself, labelled test_label().
  std::vector<std::string> cleanup_labels_;
  [[nodiscard]] std::string test_label() const { return "berth.test=" + instance_; }
};

}  // namespace berth::test_support
