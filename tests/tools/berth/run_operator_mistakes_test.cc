// An operator's mistakes against the real engine: a mistyped or missing spec directory, an empty
// one, one moved away while berth runs, a crash loop edited over and over, a secret that Docker
// would quote back. None of them may remove a running server or show a secret.
#include <signal.h>

#include <thread>

#include "tests/tools/berth/run_fixture.h"

namespace berth::test_support {
namespace {

using namespace std::chrono_literals;

// `berth <command> args...` run to completion, with this test's instance and secrets.
CommandResult berth_command(const std::string& command, std::vector<std::string> args) {
  args.insert(args.begin(), {BERTH_BINARY_PATH, command});
  return run_command(args, 30s);
}

class OperatorMistakeTest : public BerthRunTest {
 protected:
  // Leaves `echo` running with no berth watching it.
  std::string leave_echo_running() {
    StatusView status;
    auto berth = start_with_ready("echo", &status);
    if (!berth) return "";
    auto stopped = berth->stop(10s);
    EXPECT_TRUE(stopped && stopped->exited && stopped->code == 0);
    return status.find("echo")->container_id;
  }
  std::vector<std::string> plan_args(const std::filesystem::path& specs) const {
    return {"--specs", specs.string(), "--secrets", secrets_.string(), "--instance", instance_};
  }
};

TEST_F(OperatorMistakeTest, AMistypedSpecDirectoryStartsNothingAndRemovesNothing) {
  std::string id = leave_echo_running();
  ASSERT_FALSE(id.empty());
  std::filesystem::path typo = dir_ / "spces";
  CommandResult run =
      berth_command("run", {"--specs", typo.string(), "--secrets", secrets_.string(), "--instance",
                            instance_, "--listen", "127.0.0.1:0"});
  EXPECT_TRUE(run.status.exited && run.status.code == 2) << run.describe();
  EXPECT_NE(run.err.find("the spec directory '" + typo.string() + "' does not exist"),
            std::string::npos)
      << run.describe();
  CommandResult plan = berth_command("plan", plan_args(typo));
  EXPECT_TRUE(plan.status.exited && plan.status.code == 2) << plan.describe();
  EXPECT_EQ(plan.out.find("remove"), std::string::npos) << plan.describe();
  CommandResult validate = berth_command("validate", {typo.string()});
  EXPECT_TRUE(validate.status.exited && validate.status.code == 1) << validate.describe();
  write_spec("file.yaml", stdio_spec("other"));
  CommandResult not_dir = berth_command("plan", plan_args(specs_ / "file.yaml"));
  EXPECT_NE(not_dir.err.find("is not a directory"), std::string::npos) << not_dir.describe();
  EXPECT_EQ(container_state(id), "running");
}

TEST_F(OperatorMistakeTest, AnEmptySpecDirectoryKeepsTheServersUnlessAllowed) {
  std::string id = leave_echo_running();
  ASSERT_FALSE(id.empty());
  std::filesystem::path empty = dir_ / "empty";
  std::filesystem::create_directory(empty);

  CommandResult plan = berth_command("plan", plan_args(empty));
  EXPECT_TRUE(plan.status.exited && plan.status.code == 1) << plan.describe();
  EXPECT_NE(plan.out.find("keep"), std::string::npos) << plan.describe();
  EXPECT_NE(plan.err.find("holds no spec file"), std::string::npos) << plan.describe();
  std::vector<std::string> allowed = plan_args(empty);
  allowed.push_back("--allow-empty");
  CommandResult plan_allowed = berth_command("plan", allowed);
  EXPECT_NE(plan_allowed.out.find("remove"), std::string::npos) << plan_allowed.describe();

  BerthOptions options = this->options();
  options.specs = empty.string();
  auto berth = start_berth(options);
  ASSERT_TRUE(berth);
  StatusView status;
  ASSERT_TRUE(berth->wait_for(
      "echo held", [](auto& s) { return s.find("echo") && !s.find("echo")->last_error.empty(); },
      20s, &status));
  EXPECT_NE(status.find("echo")->last_error.find("holds no spec file"), std::string::npos);
  EXPECT_NE(berth->log().find("specs held"), std::string::npos);
  std::this_thread::sleep_for(2s);  // a resync or a late reconcile would remove it now
  EXPECT_EQ(container_state(id), "running");
  ASSERT_TRUE(berth->stop(10s));

  options.extra_args.push_back("--allow-empty");
  berth = start_berth(options);
  ASSERT_TRUE(berth);
  EXPECT_TRUE(berth->wait_for(
      "echo removed, as asked", [&](auto&) { return instance_containers().empty(); }, 30s));
}

TEST_F(OperatorMistakeTest, ASpecDirectoryMovedAwayWhileRunningKeepsEverything) {
  StatusView status;
  auto berth = start_with_ready("echo", &status);
  ASSERT_TRUE(berth);
  std::string id = status.find("echo")->container_id;
  std::filesystem::rename(specs_, dir_ / "moved");
  ASSERT_TRUE(berth->wait_for(
      "the missing directory in status", [](auto& s) { return !s.errors.empty(); }, 20s, &status));
  std::this_thread::sleep_for(2s);
  ASSERT_TRUE(berth->wait_ready("echo", &status));
  EXPECT_EQ(status.find("echo")->container_id, id);
  EXPECT_EQ(container_state(id), "running");
  std::filesystem::rename(dir_ / "moved", specs_);
  EXPECT_TRUE(berth->wait_for(
      "the error cleared", [](auto& s) { return s.errors.empty() && s.ready("echo"); }, 20s));
}

TEST_F(OperatorMistakeTest, ACrashLoopAcrossSpecEditsLeavesNoExitedContainers) {
  auto berth = start_berth();
  ASSERT_TRUE(berth);
  std::string restart = "  restart: {initialDelay: 500ms, maxDelay: 1s}\n";
  std::string hash;
  for (int edit = 0; edit < 4; ++edit) {
    // An unknown mode makes the test server print its usage and exit with status 2.
    std::string env = "  env: {EDIT: \"" + std::to_string(edit) + "\"}\n";
    write_spec("crash.yaml", stdio_spec("crash", env + restart, "[no-such-mode]"));
    StatusView status;
    ASSERT_TRUE(berth->wait_for(
        "edit " + std::to_string(edit) + " taken",
        [&](auto& s) {
          const ServerView* crash = s.find("crash");
          return crash && !crash->spec_hash.empty() && crash->spec_hash != hash;
        },
        30s, &status));
    hash = status.find("crash")->spec_hash;
    std::this_thread::sleep_for(1500ms);  // it crashes and restarts meanwhile
  }
  EXPECT_TRUE(berth->wait_for(
      "one container left: the current spec's",
      [&](auto&) { return instance_containers().size() == 1; }, 20s))
      << ::testing::PrintToString(instance_containers());
}

TEST_F(OperatorMistakeTest, AnEnvSecretWithANulByteIsRefusedWithoutShowingIt) {
  write_secret("token", std::string("abcd\0nul-secret-value", 21));
  write_spec("echo.yaml", stdio_spec("echo", "  secrets: [{name: token, env: API_TOKEN}]\n"));
  auto berth = start_berth();
  ASSERT_TRUE(berth);
  StatusView status;
  ASSERT_TRUE(berth->wait_for(
      "the refusal in status",
      [](auto& s) {
        return s.find("echo") && s.find("echo")->last_error.find("NUL") != std::string::npos;
      },
      20s, &status));
  EXPECT_NE(status.find("echo")->last_error.find((secrets_ / "token").string()), std::string::npos);
  std::string detail = berth->get("/status/echo");
  for (const std::string& seen : {status.body, detail, berth->get("/metrics"), berth->log()}) {
    EXPECT_EQ(seen.find("nul-secret"), std::string::npos) << seen;
  }
  EXPECT_TRUE(instance_containers().empty());
}

}  // namespace
}  // namespace berth::test_support
