// Integration tests of the test server image (tools/test_server/build-image.sh) against the real
// Docker engine. They need the image berth/test-server:latest, which the test-suite script builds
// before ctest; without it (or without a docker engine) they FAIL with instructions, never skip.
// Every container is created with a unique name and the label berth.test=true, and each test
// removes only what it created.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "tests/tools/child_process.h"
#include "tests/tools/http_test_client.h"
#include "tests/tools/test_server/mcp_test_messages.h"

namespace berth::test_support {
namespace {

using namespace std::chrono_literals;

constexpr char kImage[] = "berth/test-server:latest";
constexpr std::chrono::milliseconds kDockerTimeout = 30s;

::testing::AssertionResult image_available() {
  CommandResult inspect =
      run_command({"docker", "image", "inspect", "--format", "{{.Id}}", kImage}, kDockerTimeout);
  if (inspect.succeeded()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "cannot use image " << kImage << " (" << inspect.describe()
         << ")\nThese tests need a docker engine and the image; build it with: "
         << BERTH_TEST_SERVER_IMAGE_SCRIPT << " " << BERTH_TEST_SERVER_PATH;
}

std::string unique_container_name(const std::string& purpose) {
  static std::atomic<int> counter{0};
  return "berth-test-server-" + purpose + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter++);
}

// Removes the one container this test created, whatever happened to the test.
class ContainerCleanup {
 public:
  explicit ContainerCleanup(std::string name) : name_(std::move(name)) {}
  ~ContainerCleanup() { (void)run_command({"docker", "rm", "-f", name_}, kDockerTimeout); }
  ContainerCleanup(const ContainerCleanup&) = delete;
  ContainerCleanup& operator=(const ContainerCleanup&) = delete;

 private:
  std::string name_;
};

// The host port docker published for the container's 3001/tcp, or 0.
std::uint16_t published_port(const std::string& container) {
  CommandResult port = run_command({"docker", "port", container, "3001/tcp"}, kDockerTimeout);
  EXPECT_TRUE(port.succeeded()) << port.describe();
  std::string first_line = port.out.substr(0, port.out.find('\n'));  // "127.0.0.1:49153"
  std::size_t colon = first_line.rfind(':');
  if (colon == std::string::npos) return 0;
  return static_cast<std::uint16_t>(std::stoi(first_line.substr(colon + 1)));
}

// POSTs until the server in the container answers (docker-proxy accepts connections before the
// server listens) or the deadline passes.
HttpTestResult post_when_ready(HttpTestClient& client, const std::string& json) {
  auto deadline = std::chrono::steady_clock::now() + kDockerTimeout;
  HttpTestResult result;
  do {
    result = client.post_json("/mcp", json, {}, 2s);
    if (result.ok()) return result;
    std::this_thread::sleep_for(50ms);  // retry pacing, not a wait for a condition.
  } while (std::chrono::steady_clock::now() < deadline);
  return result;
}

// Waits until the container's log shows the server listening.
bool wait_for_log_line(const std::string& container, const std::string& text) {
  auto deadline = std::chrono::steady_clock::now() + kDockerTimeout;
  do {
    CommandResult logs = run_command({"docker", "logs", container}, kDockerTimeout);
    if (logs.err.find(text) != std::string::npos || logs.out.find(text) != std::string::npos) {
      return true;
    }
    std::this_thread::sleep_for(50ms);
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

TEST(TestServerImageTest, AnswersOverDockerStdin) {
  ASSERT_TRUE(image_available());
  std::string name = unique_container_name("stdio");
  ContainerCleanup cleanup(name);
  std::string error;
  auto docker = ChildProcess::spawn(
      {"docker", "run", "-i", "--rm", "--name", name, "--label", "berth.test=true", kImage}, error);
  ASSERT_TRUE(docker) << error;
  ASSERT_TRUE(docker->write_line(initialize_request(1, "2025-06-18"), kDockerTimeout));
  JsonAnswer init(docker->read_line(kDockerTimeout).value_or("<none>"));
  ASSERT_TRUE(init.valid()) << "no initialize answer; docker stderr: " << docker->pending_stderr();
  EXPECT_EQ(init.string_at("/result/protocolVersion"), "2025-06-18");
  EXPECT_EQ(init.string_at("/result/serverInfo/name"), "berth-test-server");
  ASSERT_TRUE(docker->write_line(initialized_notification(), kDockerTimeout));
  ASSERT_TRUE(docker->write_line(echo_call(2, "through docker"), kDockerTimeout));
  JsonAnswer echo(docker->read_line(kDockerTimeout).value_or("<none>"));
  EXPECT_EQ(echo.int_at("/id"), 2);
  EXPECT_EQ(echo.string_at("/result/content/0/text"), "through docker");
  docker->close_stdin();
  std::optional<ExitStatus> status = docker->wait(kDockerTimeout);
  ASSERT_TRUE(status) << "container still running after stdin closed";
  EXPECT_TRUE(status->exited && status->code == 0) << status->describe();
  CommandResult left =
      run_command({"docker", "ps", "-aq", "--filter", "name=^" + name + "$"}, kDockerTimeout);
  EXPECT_TRUE(left.succeeded()) << left.describe();
  EXPECT_EQ(left.out, "") << "container not removed";
}

TEST(TestServerImageTest, AnswersOverPublishedHttpPort) {
  ASSERT_TRUE(image_available());
  std::string name = unique_container_name("http");
  ContainerCleanup cleanup(name);
  CommandResult run = run_command({"docker", "run", "-d", "--rm", "--name", name, "--label",
                                   "berth.test=true", "-p", "127.0.0.1::3001", kImage, "http"},
                                  kDockerTimeout);
  ASSERT_TRUE(run.succeeded()) << run.describe();
  std::uint16_t port = published_port(name);
  ASSERT_NE(port, 0);
  HttpTestClient client(port);
  HttpTestResult init = post_when_ready(client, initialize_request(1, "2025-03-26"));
  ASSERT_TRUE(init.ok()) << init.error;
  EXPECT_EQ(init.response.status, 200);
  EXPECT_FALSE(init.response.header("Mcp-Session-Id").empty());
  EXPECT_EQ(JsonAnswer(init.response.body).string_at("/result/protocolVersion"), "2025-03-26");
  HttpTestResult echo = client.post_json("/mcp", echo_call(2, "published"));
  ASSERT_TRUE(echo.ok()) << echo.error;
  EXPECT_EQ(JsonAnswer(echo.response.body).string_at("/result/content/0/text"), "published");
  CommandResult removed = run_command({"docker", "rm", "-f", name}, kDockerTimeout);
  EXPECT_TRUE(removed.succeeded()) << removed.describe();
}

TEST(TestServerImageTest, StopsPromptlyOnDockerStop) {
  ASSERT_TRUE(image_available());
  std::string name = unique_container_name("stop");
  ContainerCleanup cleanup(name);
  CommandResult run = run_command(
      {"docker", "run", "-d", "--name", name, "--label", "berth.test=true", kImage, "http"},
      kDockerTimeout);
  ASSERT_TRUE(run.succeeded()) << run.describe();
  // As PID 1 the server only gets SIGTERM once its signal handling is set up.
  ASSERT_TRUE(wait_for_log_line(name, "listening port=3001"));
  auto start = std::chrono::steady_clock::now();
  CommandResult stop = run_command({"docker", "stop", "-t", "20", name}, kDockerTimeout);
  ASSERT_TRUE(stop.succeeded()) << stop.describe();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s) << "SIGTERM was not honoured";
  CommandResult code =
      run_command({"docker", "inspect", "--format", "{{.State.ExitCode}}", name}, kDockerTimeout);
  EXPECT_EQ(code.out, "0\n") << code.describe();
}

TEST(TestServerImageTest, BuildImageSkipsWhenUpToDate) {
  ASSERT_TRUE(image_available());  // also proves docker answers.
  std::string tag = "berth/test-server:ctest-" + std::to_string(::getpid());
  std::vector<std::string> build{BERTH_TEST_SERVER_IMAGE_SCRIPT, BERTH_TEST_SERVER_PATH, tag};
  CommandResult first = run_command(build, kDockerTimeout);
  ASSERT_TRUE(first.succeeded()) << first.describe();
  CommandResult second = run_command(build, kDockerTimeout);
  EXPECT_TRUE(second.succeeded()) << second.describe();
  EXPECT_NE(second.out.find("up to date"), std::string::npos) << second.describe();
  CommandResult hash = run_command({"sha256sum", BERTH_TEST_SERVER_PATH}, kDockerTimeout);
  CommandResult label =
      run_command({"docker", "image", "inspect", "--format",
                   "{{ index .Config.Labels \"berth.test-server.sha256\" }}", tag},
                  kDockerTimeout);
  EXPECT_EQ(label.out.substr(0, 64), hash.out.substr(0, 64)) << label.describe();
  CommandResult removed = run_command({"docker", "rmi", tag}, kDockerTimeout);  // our tag only.
  EXPECT_TRUE(removed.succeeded()) << removed.describe();
}

}  // namespace
}  // namespace berth::test_support
