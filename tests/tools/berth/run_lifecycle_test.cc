// `berth run` against the real engine: spec files added, edited, broken and deleted, and
// secrets. Each test runs its own berth instance on its own directories (run_fixture.h).
#include <signal.h>

#include "tests/tools/berth/run_fixture.h"

namespace berth::test_support {
namespace {

using namespace std::chrono_literals;

std::string ready_id(const StatusView& status, const std::string& name) {
  const ServerView* server = status.find(name);
  return server != nullptr && status.ready(name) ? server->container_id : "";
}

TEST_F(BerthRunTest, AddEditAndDeleteFile) {
  auto berth = start_berth();
  ASSERT_TRUE(berth);
  // A banner line before the first JSON line must not stop the stdio server from working.
  std::string spec = stdio_spec("echo", "", "[stdio, --quiet, --banner, 'not json']");
  spec.insert(spec.find("metadata:\n") + 10, "  labels: {team: tools}\n");
  write_spec("echo.yaml", spec);
  StatusView status;
  ASSERT_TRUE(berth->wait_for(
      "echo Ready", [](auto& s) { return s.ready("echo"); }, kReadyTimeout, &status));
  std::string first = status.find("echo")->container_id;
  CommandResult labels = docker({"inspect", "--format",
                                 "{{index .Config.Labels \"berth.managed\"}} "
                                 "{{index .Config.Labels \"berth.server\"}} "
                                 "{{index .Config.Labels \"team\"}} {{.State.Status}}",
                                 first});
  EXPECT_EQ(labels.out, "true echo tools running\n") << labels.describe();

  write_spec("echo.yaml", stdio_spec("echo", "  env: {MODE: edited}\n"));
  ASSERT_TRUE(berth->wait_for(
      "echo replaced and Ready",
      [&](auto& s) { return !ready_id(s, "echo").empty() && ready_id(s, "echo") != first; },
      kReadyTimeout, &status));
  std::string second = status.find("echo")->container_id;
  ASSERT_TRUE(berth->wait_for(
      "old container removed after its drain",
      [&](auto&) { return container_state(first).empty(); }, 20s));
  EXPECT_EQ(instance_containers(), std::vector<std::string>{second});

  remove_spec("echo.yaml");
  ASSERT_TRUE(berth->wait_for(
      "echo gone",
      [&](auto& s) { return s.find("echo") == nullptr && instance_containers().empty(); }, 20s));
}

TEST_F(BerthRunTest, InvalidEditKeepsTheServerRunning) {
  std::string spec = stdio_spec("echo");
  write_spec("echo.yaml", spec);
  auto berth = start_berth();
  ASSERT_TRUE(berth);
  StatusView status;
  ASSERT_TRUE(berth->wait_for(
      "echo Ready", [](auto& s) { return s.ready("echo"); }, kReadyTimeout, &status));
  std::string id = status.find("echo")->container_id;

  // Half-written: the file ends in the middle of the spec.
  write_spec("echo.yaml", spec.substr(0, spec.find("  args:")) + "  args: [stdio,\n");
  ASSERT_TRUE(berth->wait_for(
      "the error in status", [](auto& s) { return !s.errors.empty(); }, 10s, &status));
  EXPECT_NE(status.errors.front().find("echo.yaml:"), std::string::npos) << status.body;
  ASSERT_TRUE(status.ready("echo")) << status.body;
  EXPECT_EQ(status.find("echo")->container_id, id);

  // Removing an invalid file's last valid name is only done when the file is gone; fixing it
  // with the same content keeps the very same container.
  write_spec("echo.yaml", spec);
  ASSERT_TRUE(berth->wait_for(
      "the error cleared", [](auto& s) { return s.errors.empty(); }, 10s, &status));
  EXPECT_EQ(ready_id(status, "echo"), id) << status.body;
  EXPECT_EQ(container_state(id), "running");
  EXPECT_EQ(instance_containers(), std::vector<std::string>{id});
}

TEST_F(BerthRunTest, WithoutWatchReloadsOnSighup) {
  BerthOptions no_watch = options();
  no_watch.watch = false;
  auto berth = start_berth(no_watch);
  ASSERT_TRUE(berth);
  ASSERT_TRUE(berth->wait_for(
      "first reconcile", [](auto& s) { return s.servers.empty(); }, 10s));
  write_spec("echo.yaml", stdio_spec("echo"));
  berth->signal(SIGHUP);
  ASSERT_TRUE(berth->wait_for(
      "echo Ready after SIGHUP", [](auto& s) { return s.ready("echo"); }, kReadyTimeout));
}

TEST_F(BerthRunTest, MissingSecretBlocksOnlyItsServerAndAChangedSecretReplaces) {
  write_spec("plain.yaml", stdio_spec("plain"));
  write_spec("secret.yaml",
             stdio_spec("secret", "  secrets: [{name: api-token, env: API_TOKEN}]\n"));
  auto berth = start_berth();
  ASSERT_TRUE(berth);
  StatusView status;
  ASSERT_TRUE(berth->wait_for(
      "plain Ready, secret blocked naming the file",
      [](auto& s) {
        const ServerView* blocked = s.find("secret");
        return s.ready("plain") && blocked != nullptr &&
               blocked->last_error.find("api-token") != std::string::npos;
      },
      kReadyTimeout, &status));
  EXPECT_TRUE(status.find("secret")->container_id.empty()) << status.body;

  write_secret("api-token", "first-value");
  ASSERT_TRUE(berth->wait_for(
      "secret Ready", [](auto& s) { return s.ready("secret"); }, kReadyTimeout, &status));
  std::string first = status.find("secret")->container_id;
  std::string plain = status.find("plain")->container_id;
  EXPECT_EQ(berth->log().find("first-value"), std::string::npos) << "a secret value was logged";
  EXPECT_EQ(status.body.find("first-value"), std::string::npos);

  write_secret("api-token", "second-value");
  ASSERT_TRUE(berth->wait_for(
      "secret replaced",
      [&](auto& s) { return !ready_id(s, "secret").empty() && ready_id(s, "secret") != first; },
      kReadyTimeout, &status));
  EXPECT_EQ(ready_id(status, "plain"), plain) << "a secret of another server changed";
  EXPECT_EQ(berth->log().find("second-value"), std::string::npos) << "a secret value was logged";
}

}  // namespace
}  // namespace berth::test_support
