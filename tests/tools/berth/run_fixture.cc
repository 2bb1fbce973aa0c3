#include "tests/tools/berth/run_fixture.h"

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <fstream>

namespace berth::test_support {

void BerthRunTest::SetUp() {
  std::string missing = missing_test_image(docker_host_);
  ASSERT_EQ(missing, "");
  std::string pattern = (std::filesystem::path(::testing::TempDir()) / "berth-run-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << "mkdtemp " << pattern;
  dir_ = pattern;
  specs_ = dir_ / "specs";
  secrets_ = dir_ / "secrets";
  std::filesystem::create_directories(specs_);
  std::filesystem::create_directories(secrets_);
  static std::atomic<int> counter{0};
  instance_ = "it-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  cleanup_labels_ = {instance_label(), test_label()};
}

void BerthRunTest::TearDown() {
  for (const std::string& label : cleanup_labels_)
    remove_containers_with_label(label, docker_host_);
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::string BerthRunTest::stdio_spec(const std::string& name, const std::string& extra,
                                     const std::string& args) {
  return "apiVersion: berth/v1\n"
         "kind: MCPServer\n"
         "metadata:\n"
         "  name: " +
         name +
         "\n"
         "spec:\n"
         "  image: " +
         std::string(kTestServerImage) +
         "\n"
         "  pull: Never\n"
         "  args: " +
         args +
         "\n"
         "  network: none\n"
         "  health: {interval: 2s, timeout: 1s, failureThreshold: 2}\n" +
         extra;
}

void BerthRunTest::write_spec(const std::string& file, const std::string& text) {
  std::filesystem::path temp = specs_ / ("." + file + ".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    ASSERT_TRUE(out.good()) << "cannot write " << temp;
  }
  std::filesystem::rename(temp, specs_ / file);
}

void BerthRunTest::write_secret(const std::string& file, const std::string& value) {
  std::ofstream out(secrets_ / file, std::ios::binary | std::ios::trunc);
  out << value;
  ASSERT_TRUE(out.good()) << "cannot write secret " << file;
}

void BerthRunTest::remove_spec(const std::string& file) { std::filesystem::remove(specs_ / file); }

BerthOptions BerthRunTest::options() const {
  BerthOptions o;
  o.specs = specs_.string();
  o.secrets = secrets_.string();
  o.instance = instance_;
  o.docker = docker_host_;
  // Containers' secret files in this test's directory, not the host's /run/berth.
  o.extra_args = {"--runtime-dir", (dir_ / "runtime").string()};
  return o;
}

std::unique_ptr<BerthProcess> BerthRunTest::start_berth(BerthOptions options) {
  std::string error;
  std::unique_ptr<BerthProcess> berth = BerthProcess::start(options, error);
  EXPECT_NE(berth, nullptr) << error;
  return berth;
}

std::unique_ptr<BerthProcess> BerthRunTest::start_with_ready(const std::string& name,
                                                             StatusView* status) {
  write_spec(name + ".yaml", stdio_spec(name));
  std::unique_ptr<BerthProcess> berth = start_berth();
  if (!berth) return nullptr;
  ::testing::AssertionResult ready = berth->wait_ready(name, status);
  if (!ready) {
    ADD_FAILURE() << ready.message();
    return nullptr;
  }
  return berth;
}

}  // namespace berth::test_support
