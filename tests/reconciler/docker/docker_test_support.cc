#include "tests/reconciler/docker/docker_test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <random>
#include <thread>

#include "reconciler/docker/unix_http.h"

namespace berth::reconciler::docker::testing {
namespace {

std::string make_run_id() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
         std::to_string(random() % 100000);
}

}  // namespace

void DockerIntegrationTest::SetUp() {
  run_id_ = make_run_id();
  auto version = client_.ping();
  ASSERT_TRUE(version.ok()) << "these tests need a Docker engine on /var/run/docker.sock: "
                            << version.error();
  api_version_ = *version;
}

void DockerIntegrationTest::TearDown() {
  auto leftovers = client_.list_containers(run_labels());
  if (leftovers.ok()) {
    for (const auto& container : *leftovers) created_.push_back(container.id);
  }
  for (const auto& id : created_) {
    auto removed = client_.remove_container(id);
    if (!removed.ok() && removed.error_code() != 404) {
      ADD_FAILURE() << "cleanup: " << removed.error();
    }
  }
}

Labels DockerIntegrationTest::run_labels() const {
  return {{"berth.test", "docker-client"}, {"berth.test.run", run_id_}};
}

std::string DockerIntegrationTest::unique_name(std::string_view what) const {
  return "berth-test-dc-" + run_id_ + "-" + std::string(what);
}

ContainerConfig DockerIntegrationTest::http_config(std::string_view what) const {
  ContainerConfig config;
  config.name = unique_name(what);
  config.image = std::string(kTestImage);
  config.cmd = std::vector<std::string>{"http", "--port", "3001"};
  config.env = {"BERTH_TEST_SECRET=open-sesame-" + run_id_};
  config.labels = run_labels();
  config.labels["berth.test.case"] = std::string(what);
  config.container_port = 3001;
  config.memory_bytes = 64 << 20;
  config.nano_cpus = 250'000'000;
  config.pids_limit = 32;
  return config;
}

std::string DockerIntegrationTest::create(const ContainerConfig& config) {
  auto id = client_.create_container(config);
  if (!id.ok()) {
    ADD_FAILURE() << id.error();
    return {};
  }
  created_.push_back(*id);
  return *id;
}

std::string DockerIntegrationTest::create_and_start(const ContainerConfig& config) {
  std::string id = create(config);
  if (id.empty()) return id;
  auto started = client_.start_container(id);
  if (!started.ok()) {
    ADD_FAILURE() << started.error();
    return {};
  }
  return id;
}

rapidjson::Document DockerIntegrationTest::raw_inspect(const std::string& id) {
  UnixHttpClient http("/var/run/docker.sock");
  auto response = http.send(
      {"GET", "/v" + api_version_ + "/containers/" + id + "/json", "", std::chrono::seconds(10)});
  rapidjson::Document doc;
  if (!response.ok() || response->status != 200) {
    ADD_FAILURE() << "raw inspect of " << id << " failed";
    doc.SetObject();
    return doc;
  }
  doc.Parse(response->body.c_str());
  return doc;
}

bool loopback_port_answers(int port, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    if (connected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

}  // namespace berth::reconciler::docker::testing
