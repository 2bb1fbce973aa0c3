// berth-launcher as a process: env secrets from files, the server's exit status kept, signals
// forwarded, orphans reaped. The server here is /bin/sh, so each test states its server inline.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/tools/child_process.h"

namespace berth::test_support {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class LauncherTest : public ::testing::Test {
 protected:
  LauncherTest() {
    std::string pattern = (fs::path(::testing::TempDir()) / "launcher-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    fs::create_directory(env_dir());
  }
  ~LauncherTest() override { fs::remove_all(dir_); }

  fs::path env_dir() const { return dir_ / "env"; }
  void write_env(const std::string& name, const std::string& value) const {
    std::ofstream(env_dir() / name, std::ios::binary) << value;
  }

  // The launcher running `sh -c script` with this test's env directory.
  std::unique_ptr<ChildProcess> launch(const std::string& script) {
    std::string error;
    auto child = ChildProcess::spawn(
        {BERTH_LAUNCHER_PATH, "--env-dir", env_dir().string(), "--", "/bin/sh", "-c", script},
        error);
    EXPECT_TRUE(child) << error;
    return child;
  }

  ExitStatus finish(ChildProcess& child) {
    auto status = child.wait(20s);
    EXPECT_TRUE(status) << "the launcher did not end";
    return status.value_or(ExitStatus{});
  }

  fs::path dir_;
};

// The pids whose parent is `parent`, with their state letter (R, S, Z, …).
std::vector<std::pair<int, char>> children_of(int parent) {
  std::vector<std::pair<int, char>> out;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string text;
    if (!std::getline(stat, text)) continue;
    size_t close = text.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    int ppid = 0;
    if (sscanf(text.c_str() + close + 1, " %c %d", &state, &ppid) != 2) continue;
    if (ppid == parent) out.emplace_back(std::stoi(entry.path().filename()), state);
  }
  return out;
}

TEST_F(LauncherTest, SetsOneVariablePerFileByteForByte) {
  write_env("TOKEN", "s3cr3t value\n");
  write_env("OTHER", "");
  auto child = launch(R"(printf '[%s][%s][%s]' "$TOKEN" "${OTHER-unset}" "$HOME")");
  ASSERT_TRUE(child);
  EXPECT_EQ(finish(*child).describe(), "exit code 0");
  EXPECT_EQ(child->take_stdout(), "[s3cr3t value\n][][" + std::string(getenv("HOME")) + "]");
}

TEST_F(LauncherTest, FileReplacesAVariableOfTheSameName) {
  write_env("HOME", "/from-secret");
  auto child = launch(R"(printf '%s' "$HOME")");
  ASSERT_TRUE(child);
  EXPECT_EQ(finish(*child).describe(), "exit code 0");
  EXPECT_EQ(child->take_stdout(), "/from-secret");
}

TEST_F(LauncherTest, KeepsTheServersExitCode) {
  auto child = launch("exit 42");
  ASSERT_TRUE(child);
  EXPECT_EQ(finish(*child).describe(), "exit code 42");
}

TEST_F(LauncherTest, ServerKilledBySignalNIsExitCode128PlusN) {
  auto child = launch("kill -KILL $$");
  ASSERT_TRUE(child);
  EXPECT_EQ(finish(*child).describe(), "exit code 137");
}

TEST_F(LauncherTest, ForwardsSignalsToTheServer) {
  auto child =
      launch("trap 'echo got-term; exit 3' TERM; echo ready; while :; do sleep 0.05; done");
  ASSERT_TRUE(child);
  ASSERT_EQ(child->read_line(10s), "ready");
  ASSERT_TRUE(child->send_signal(SIGTERM));
  EXPECT_EQ(finish(*child).describe(), "exit code 3");
  EXPECT_EQ(child->take_stdout(), "got-term\n");
}

TEST_F(LauncherTest, AdoptsAndReapsOrphans) {
  // The subshell starts a sleeper and exits at once: the sleeper is orphaned to the launcher.
  auto child = launch("(sleep 30 & echo $! > '" + (dir_ / "orphan").string() +
                      "'); echo ready; read line; exit 0");
  ASSERT_TRUE(child);
  ASSERT_EQ(child->read_line(10s), "ready");
  int orphan = 0;
  std::ifstream(dir_ / "orphan") >> orphan;
  ASSERT_GT(orphan, 0);
  auto children = children_of(child->pid());
  ASSERT_TRUE(std::count(children.begin(), children.end(), std::pair<int, char>{orphan, 'S'}))
      << "the orphan " << orphan << " was not adopted by the launcher " << child->pid();
  kill(orphan, SIGKILL);
  bool reaped = false;
  for (int i = 0; i < 100 && !reaped; ++i) {
    std::this_thread::sleep_for(20ms);
    children = children_of(child->pid());
    reaped = std::none_of(children.begin(), children.end(),
                          [&](const auto& c) { return c.first == orphan; });
  }
  EXPECT_TRUE(reaped) << "the killed orphan stayed a zombie";
  child->close_stdin();
  EXPECT_EQ(finish(*child).describe(), "exit code 0");
}

TEST_F(LauncherTest, MissingProgramIs127) {
  std::string error;
  auto child = ChildProcess::spawn({BERTH_LAUNCHER_PATH, "--", "/no/such/server"}, error);
  ASSERT_TRUE(child) << error;
  EXPECT_EQ(finish(*child).describe(), "exit code 127");
  EXPECT_NE(child->take_stderr().find("cannot run /no/such/server"), std::string::npos);
}

TEST_F(LauncherTest, UsageErrorIs125) {
  std::string error;
  auto child = ChildProcess::spawn({BERTH_LAUNCHER_PATH, "/bin/true"}, error);
  ASSERT_TRUE(child) << error;
  EXPECT_EQ(finish(*child).describe(), "exit code 125");
}

TEST_F(LauncherTest, BadSecretFilesStopItBeforeTheServerRuns) {
  for (auto [name, value] :
       {std::pair<std::string, std::string>{"9BAD", "x"}, {"NUL", std::string("s3cr3t\0x", 8)}}) {
    fs::remove_all(env_dir());
    fs::create_directory(env_dir());
    write_env(name, value);
    auto child = launch("echo ran");
    ASSERT_TRUE(child);
    EXPECT_EQ(finish(*child).describe(), "exit code 125") << name;
    EXPECT_EQ(child->take_stdout(), "") << name;
    std::string stderr_text = child->take_stderr();
    EXPECT_NE(stderr_text.find(name), std::string::npos) << stderr_text;
    EXPECT_EQ(stderr_text.find("s3cr3t"), std::string::npos) << "a secret value was printed";
  }
}

TEST_F(LauncherTest, MissingEnvDirectoryMeansNoSecrets) {
  fs::remove_all(env_dir());
  auto child = launch("exit 0");
  ASSERT_TRUE(child);
  EXPECT_EQ(finish(*child).describe(), "exit code 0");
}

}  // namespace
}  // namespace berth::test_support
