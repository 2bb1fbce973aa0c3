// DockerClient against no engine or a fake one: endpoints, connection failures, version
// negotiation, the event stream's end, secrets kept out of errors.

#include "reconciler/docker/docker_client.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <thread>

#include "tests/reconciler/docker/fake_engine.h"

namespace berth::reconciler {
namespace {

using docker::testing::FakeEngine;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Answers /_ping with `version` and everything else with an empty list.
FakeEngine::Handler engine_speaking(std::string version) {
  return [version](const std::string& line, int fd) {
    FakeEngine::write_response(fd, 200, line.starts_with("GET /_ping") ? "OK" : "[]", version);
  };
}

TEST(DockerEndpointTest, AcceptsUnixSocketsOnly) {
  EXPECT_EQ(*DockerClient::socket_path_of("unix:///var/run/docker.sock"), "/var/run/docker.sock");
  auto tcp = DockerClient::socket_path_of("tcp://user@10.0.0.1:2375");
  ASSERT_FALSE(tcp.ok());
  EXPECT_TRUE(contains(tcp.error(), "\"tcp://\" is not supported")) << tcp.error();
  EXPECT_FALSE(contains(tcp.error(), "10.0.0.1"));
  EXPECT_FALSE(DockerClient::socket_path_of("ssh://host").ok());
  EXPECT_FALSE(DockerClient::socket_path_of("unix://relative.sock").ok());
  EXPECT_FALSE(DockerClient::socket_path_of("/var/run/docker.sock").ok());
}

TEST(DockerEndpointTest, FromEnvironmentReadsDockerHost) {
  ::setenv("DOCKER_HOST", "tcp://127.0.0.1:2375", 1);
  auto tcp = DockerClient::from_environment();
  ::setenv("DOCKER_HOST", "", 1);
  auto fallback = DockerClient::from_environment();
  ::unsetenv("DOCKER_HOST");
  ASSERT_FALSE(tcp.ok());
  EXPECT_TRUE(contains(tcp.error(), "DOCKER_HOST: ")) << tcp.error();
  EXPECT_TRUE(fallback.ok());
}

TEST(DockerEndpointTest, UnusableEndpointFailsEveryCall) {
  DockerClient client("tcp://127.0.0.1:2375");
  EXPECT_FALSE(client.ping().ok());
  auto list = client.list_containers({});
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error_code(), 0);
}

TEST(DockerConnectTest, MissingSocketSaysSoQuickly) {
  std::string path = "/tmp/berth-no-engine-" + std::to_string(::getpid()) + ".sock";
  DockerClient client("unix://" + path);
  auto start = steady_clock::now();
  auto version = client.ping();
  EXPECT_LT(steady_clock::now() - start, milliseconds(1000));
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.error(),
            "cannot reach the Docker engine at " + path + ": no such file (is dockerd running?)");
  EXPECT_EQ(version.error_code(), 0);
  auto inspect = client.inspect_container("x", 0);
  ASSERT_FALSE(inspect.ok());
  EXPECT_TRUE(contains(inspect.error(), "inspect container x: cannot reach")) << inspect.error();
}

TEST(DockerConnectTest, SocketNobodyListensOnIsRefused) {
  char directory[] = "/tmp/berth-refused-XXXXXX";
  ASSERT_NE(::mkdtemp(directory), nullptr);
  std::string path = std::string(directory) + "/docker.sock";
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  auto version = DockerClient("unix://" + path).ping();
  ::close(fd);
  ::unlink(path.c_str());
  ::rmdir(directory);
  ASSERT_FALSE(version.ok());
  EXPECT_TRUE(contains(version.error(), "connection refused (is dockerd running?)"))
      << version.error();
}

TEST(DockerConnectTest, DescribesPermissionDenied) {
  // Tests run as root, which no socket permission stops; check the wording directly.
  EXPECT_EQ(docker::describe_connect_failure("/var/run/docker.sock", EACCES),
            "cannot reach the Docker engine at /var/run/docker.sock: permission denied (is the "
            "user in the docker group?)");
}

TEST(DockerVersionTest, CapsANewerEngineAtOurMaximum) {
  FakeEngine engine(engine_speaking("1.50"));
  DockerClient client(engine.endpoint());
  EXPECT_EQ(*client.ping(), "1.45");
  ASSERT_TRUE(client.list_containers({{"berth.managed", "true"}}).ok());
  auto lines = engine.request_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1],
            "GET /v1.45/containers/json?all=1&filters=%7B%22label%22%3A%5B%22berth.managed%3Dtrue"
            "%22%5D%7D HTTP/1.1");
}

TEST(DockerVersionTest, RefusesAnOldEngine) {
  FakeEngine engine(engine_speaking("1.39"));
  DockerClient client(engine.endpoint());
  auto version = client.ping();
  ASSERT_FALSE(version.ok());
  EXPECT_TRUE(contains(version.error(), "speaks API 1.39; berth needs 1.40")) << version.error();
  EXPECT_FALSE(client.list_containers({}).ok());
}

TEST(DockerVersionTest, NegotiatesOnceThenAgainAfterTheEngineWentAway) {
  char directory[] = "/tmp/berth-restart-XXXXXX";
  ASSERT_NE(::mkdtemp(directory), nullptr);
  std::string path = std::string(directory) + "/docker.sock";
  DockerClient client("unix://" + path);
  {
    FakeEngine old_engine(engine_speaking("1.41"), path);
    ASSERT_TRUE(client.list_containers({}).ok());
    ASSERT_TRUE(client.list_containers({}).ok());
    EXPECT_EQ(old_engine.request_lines().size(), 3u);  // one ping, two lists
  }
  EXPECT_FALSE(client.list_containers({}).ok());  // dockerd is down
  std::vector<std::string> lines;
  {
    FakeEngine new_engine(engine_speaking("1.43"), path);
    EXPECT_TRUE(client.list_containers({}).ok());
    lines = new_engine.request_lines();
  }
  ::rmdir(directory);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[0].starts_with("GET /_ping"));
  EXPECT_TRUE(lines[1].starts_with("GET /v1.43/containers/json")) << lines[1];
}

TEST(DockerErrorTest, CreateErrorNeverRepeatsAnEnvValue) {
  FakeEngine engine([](const std::string& line, int fd) {
    if (line.starts_with("GET /_ping")) return FakeEngine::write_response(fd, 200, "OK");
    FakeEngine::write_response(fd, 400,
                               R"({"message":"invalid environment variable: TOKEN=hunter2-x"})");
  });
  DockerClient client(engine.endpoint());
  ContainerConfig config;
  config.name = "web";
  config.image = "x";
  config.env = {"TOKEN=hunter2-x"};
  auto id = client.create_container(config);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error_code(), 400);
  EXPECT_FALSE(contains(id.error(), "hunter2")) << id.error();
  EXPECT_TRUE(contains(id.error(), "create container web: invalid environment variable: TOKEN=***"))
      << id.error();
}

constexpr std::string_view kStartEvent =
    R"({"Type":"container","Action":"start","Actor":{"ID":"c1","Attributes":{"name":"w"}},)"
    R"("timeNano":5})"
    "\n";
constexpr std::string_view kStreamHead =
    "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"
    "Transfer-Encoding: chunked\r\n\r\n";

TEST(DockerEventsTest, StreamEndIsAnErrorAfterDeliveringEvents) {
  FakeEngine engine([](const std::string& line, int fd) {
    if (line.starts_with("GET /_ping")) return FakeEngine::write_response(fd, 200, "OK");
    FakeEngine::write_raw(fd, kStreamHead);
    FakeEngine::write_chunk(fd, kStartEvent.substr(0, 20));  // an event split across reads
    std::this_thread::sleep_for(milliseconds(50));
    FakeEngine::write_chunk(fd, std::string(kStartEvent.substr(20)) + std::string(kStartEvent));
    FakeEngine::write_chunk(fd, "");  // dockerd going away ends the body
  });
  DockerClient client(engine.endpoint());
  std::vector<DockerEvent> events;
  auto status = client.watch_events(
      {{"berth.managed", "true"}}, [&](const DockerEvent& event) { events.push_back(event); },
      [] { return true; });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error_code(), 0);
  EXPECT_TRUE(contains(status.error(), "ended the event stream")) << status.error();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].action, "start");
  EXPECT_EQ(events[1].attributes.at("name"), "w");
  EXPECT_TRUE(contains(engine.request_lines()[1],
                       "GET /v1.41/events?filters=%7B%22type%22%3A%5B%22container%22%5D"));
}

TEST(DockerEventsTest, StopsAnIdleStreamPromptly) {
  FakeEngine engine([&engine](const std::string& line, int fd) {
    if (line.starts_with("GET /_ping")) return FakeEngine::write_response(fd, 200, "OK");
    FakeEngine::write_raw(fd, kStreamHead);
    while (engine.peer_open(fd, 20)) {
    }
  });
  DockerClient client(engine.endpoint());
  ASSERT_TRUE(client.ping().ok());
  std::atomic<bool> keep_going{true};
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(300));
    keep_going = false;
  });
  auto start = steady_clock::now();
  auto status = client.watch_events(
      {}, [](const DockerEvent&) {}, [&] { return keep_going.load(); });
  auto took = steady_clock::now() - start;
  stopper.join();
  EXPECT_TRUE(status.ok()) << status.error();
  EXPECT_LT(took, milliseconds(300 + 250));
}

TEST(DockerEventsTest, EngineRefusalKeepsItsStatus) {
  FakeEngine engine([](const std::string& line, int fd) {
    if (line.starts_with("GET /_ping")) return FakeEngine::write_response(fd, 200, "OK");
    FakeEngine::write_response(fd, 400, R"({"message":"invalid filter 'label'"})");
  });
  DockerClient client(engine.endpoint());
  auto status = client.watch_events(
      {}, [](const DockerEvent&) {}, [] { return true; });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error_code(), 400);
  EXPECT_EQ(status.error(), "watch Docker events: invalid filter 'label'");
}

}  // namespace
}  // namespace berth::reconciler
