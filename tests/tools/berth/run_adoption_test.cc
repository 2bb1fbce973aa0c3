// `berth run` and the containers it does not create: its own from an earlier run (adopted, never
// recreated), other instances' and unlabelled ones (never touched, listed or counted).
#include <algorithm>

#include "tests/tools/berth/run_fixture.h"

namespace berth::test_support {
namespace {

using namespace std::chrono_literals;

bool all_ready(const StatusView& s, const std::vector<std::string>& names) {
  return std::all_of(names.begin(), names.end(), [&](auto& n) { return s.ready(n); });
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(BerthRunTest, RestartedBerthKeepsEveryContainer) {
  std::vector<std::string> names{"alpha", "beta", "gamma"};
  for (const std::string& name : names) write_spec(name + ".yaml", stdio_spec(name));
  auto berth = start_berth();
  ASSERT_TRUE(berth);
  ASSERT_TRUE(berth->wait_for(
      "all Ready", [&](auto& s) { return all_ready(s, names); }, kReadyTimeout));
  std::vector<std::string> ids = sorted(instance_containers());
  ASSERT_EQ(ids.size(), 3u);

  std::optional<ExitStatus> exit = berth->stop(10s);
  ASSERT_TRUE(exit) << "berth did not stop on SIGTERM";
  EXPECT_TRUE(exit->exited && exit->code == 0) << exit->describe();
  for (const std::string& id : ids) EXPECT_EQ(container_state(id), "running") << id;

  berth = start_berth();
  ASSERT_TRUE(berth);
  ASSERT_TRUE(berth->wait_for(
      "all Ready again", [&](auto& s) { return all_ready(s, names); }, kReadyTimeout));
  EXPECT_EQ(sorted(instance_containers()), ids);
  EXPECT_EQ(berth->log().find("container started"), std::string::npos) << berth->log();
}

// Containers an operator or another berth runs: one of another instance with the same server
// name, one of another instance that this instance would call an orphan, one with no labels.
TEST_F(BerthRunTest, ForeignContainersAreNeverTouched) {
  std::string owner = test_label();
  std::string other = instance_ + "-other";
  auto run_foreign = [&](std::vector<std::string> labels) {
    std::vector<std::string> args{"run", "-d", "-i", "--network", "none", "--label", owner};
    for (const std::string& label : labels) args.insert(args.end(), {"--label", label});
    args.insert(args.end(), {kTestServerImage, "stdio", "--quiet"});
    CommandResult run = docker(args);
    EXPECT_TRUE(run.succeeded()) << run.describe();
    return run.out.substr(0, run.out.find('\n'));
  };
  std::vector<std::string> foreign{
      run_foreign({"berth.managed=true", "berth.instance=" + other, "berth.server=echo"}),
      run_foreign({"berth.managed=true", "berth.instance=" + other, "berth.server=ghost"}),
      run_foreign({}),
  };
  StatusView status;
  auto berth = start_with_ready("echo", &status);
  ASSERT_TRUE(berth);
  EXPECT_EQ(status.servers.size(), 1u) << status.body;
  remove_spec("echo.yaml");
  ASSERT_TRUE(berth->wait_for(
      "echo removed", [&](auto& s) { return s.servers.empty() && instance_containers().empty(); },
      20s));
  for (const std::string& id : foreign) EXPECT_EQ(container_state(id), "running") << id;
}

TEST_F(BerthRunTest, NameTakenByAForeignContainerIsAnError) {
  StatusView status;
  auto berth = start_with_ready("echo", &status);
  ASSERT_TRUE(berth);
  std::string id = status.find("echo")->container_id;
  CommandResult name = docker({"inspect", "--format", "{{.Name}}", id});
  ASSERT_TRUE(name.succeeded()) << name.describe();
  std::string container_name = name.out.substr(1, name.out.find('\n') - 1);  // "/berth-…"
  ASSERT_TRUE(berth->stop(10s));
  remove_containers_with_label(instance_label());

  std::string owner = test_label();
  CommandResult squatter = docker({"run", "-d", "-i", "--network", "none", "--name", container_name,
                                   "--label", owner, kTestServerImage, "stdio"});
  ASSERT_TRUE(squatter.succeeded()) << squatter.describe();
  berth = start_berth();
  ASSERT_TRUE(berth);
  ASSERT_TRUE(berth->wait_for(
      "echo blocked by the name conflict",
      [&](auto& s) {
        const ServerView* echo = s.find("echo");
        return echo != nullptr && echo->last_error.find(container_name) != std::string::npos;
      },
      kReadyTimeout, &status));
  EXPECT_FALSE(status.ready("echo"));
  EXPECT_EQ(container_state(container_name), "running");
}

TEST_F(BerthRunTest, TwoInstancesSideBySide) {
  write_spec("echo.yaml", stdio_spec("echo"));
  BerthOptions second = options();
  second.instance = instance_ + "-b";
  cleanup_labels_.push_back("berth.instance=" + second.instance);
  second.specs = (dir_ / "specs-b").string();
  std::filesystem::create_directories(second.specs);
  std::filesystem::copy_file(specs_ / "echo.yaml",
                             std::filesystem::path(second.specs) / "echo.yaml");
  auto a = start_berth();
  auto b = start_berth(second);
  ASSERT_TRUE(a && b);
  StatusView status_b;
  ASSERT_TRUE(a->wait_for(
      "a's echo Ready", [](auto& s) { return s.ready("echo"); }, kReadyTimeout));
  ASSERT_TRUE(b->wait_for(
      "b's echo Ready", [](auto& s) { return s.ready("echo"); }, kReadyTimeout, &status_b));
  std::string b_id = status_b.find("echo")->container_id;
  ASSERT_EQ(instance_containers().size(), 1u);

  remove_spec("echo.yaml");
  ASSERT_TRUE(a->wait_for(
      "a's echo removed",
      [&](auto& s) { return s.servers.empty() && instance_containers().empty(); }, 20s));
  ASSERT_TRUE(b->wait_for(
      "b's echo untouched",
      [&](auto& s) { return s.ready("echo") && s.find("echo")->container_id == b_id; }, 5s));
  EXPECT_EQ(container_state(b_id), "running");
}

}  // namespace
}  // namespace berth::test_support
