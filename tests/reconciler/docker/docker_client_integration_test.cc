// DockerClient against the real engine on /var/run/docker.sock, with berth/test-server:latest
// (built by tools/test_server/build-image.sh).

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "tests/reconciler/docker/docker_test_support.h"

namespace berth::reconciler::docker::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

bool has_string(const rapidjson::Value& array, std::string_view wanted) {
  if (!array.IsArray()) return false;
  return std::any_of(array.Begin(), array.End(), [&](const rapidjson::Value& item) {
    return item.IsString() && item.GetString() == wanted;
  });
}

// The error code, or -1 when the call succeeded.
template <typename T>
int code_of(const Result<T>& result) {
  return result.ok() ? -1 : result.error_code();
}

// Inspects until the published port shows up: some engines report it a moment after start.
ContainerInfo inspect_until_published(DockerClient& client, const std::string& id) {
  ContainerInfo info;
  for (int attempt = 0; attempt < 40; ++attempt) {
    auto inspected = client.inspect_container(id, 3001);
    EXPECT_TRUE(inspected.ok()) << inspected.error();
    if (!inspected.ok()) break;
    info = *inspected;
    if (info.host_port > 0) break;
    std::this_thread::sleep_for(milliseconds(50));
  }
  return info;
}

using DockerClientIntegrationTest = DockerIntegrationTest;

TEST_F(DockerClientIntegrationTest, PingReturnsTheNegotiatedVersion) {
  auto version = client_.ping();
  ASSERT_TRUE(version.ok()) << version.error();
  EXPECT_TRUE(version->starts_with("1.")) << *version;
  EXPECT_GE(*version, std::string("1.40"));
}

TEST_F(DockerClientIntegrationTest, StartedHttpServerIsPublishedOnLoopback) {
  std::string id = create_and_start(http_config("publish"));
  ASSERT_FALSE(id.empty());
  ContainerInfo info = inspect_until_published(client_, id);
  EXPECT_EQ(info.id, id);
  EXPECT_EQ(info.name, unique_name("publish"));
  EXPECT_EQ(info.image, kTestImage);
  EXPECT_EQ(info.state, "running");
  EXPECT_TRUE(info.running);
  EXPECT_FALSE(info.started_at.empty());
  EXPECT_EQ(info.labels.at("berth.test.case"), "publish");
  ASSERT_GT(info.host_port, 0);
  EXPECT_TRUE(loopback_port_answers(info.host_port, seconds(5))) << "port " << info.host_port;
}

TEST_F(DockerClientIntegrationTest, SecureDefaultsAreVisibleInInspect) {
  std::string id = create(http_config("secure"));
  ASSERT_FALSE(id.empty());
  rapidjson::Document doc = raw_inspect(id);
  ASSERT_TRUE(doc.IsObject() && doc.HasMember("HostConfig"));
  const auto& host = doc["HostConfig"];
  EXPECT_TRUE(has_string(host["CapDrop"], "ALL"));
  EXPECT_TRUE(has_string(host["SecurityOpt"], "no-new-privileges"));
  EXPECT_TRUE(host["Init"].IsBool() && host["Init"].GetBool());
  EXPECT_EQ(host["PidsLimit"].GetInt64(), 32);
  EXPECT_EQ(host["Memory"].GetInt64(), 64 << 20);
  EXPECT_EQ(host["NanoCpus"].GetInt64(), 250'000'000);
  EXPECT_STREQ(host["RestartPolicy"]["Name"].GetString(), "no");
  EXPECT_STREQ(host["PortBindings"]["3001/tcp"][0]["HostIp"].GetString(), "127.0.0.1");
  const auto& config = doc["Config"];
  EXPECT_STREQ(config["Labels"]["berth.test"].GetString(), "docker-client");
  EXPECT_TRUE(has_string(config["Env"], "BERTH_TEST_SECRET=open-sesame-" + run_id_));
  EXPECT_FALSE(config["OpenStdin"].GetBool());
}

TEST_F(DockerClientIntegrationTest, StdioServerGetsOpenStdin) {
  ContainerConfig config = http_config("stdio");
  config.cmd.reset();  // the image's default: stdio
  config.container_port = 0;
  config.open_stdin = true;
  std::string id = create(config);
  ASSERT_FALSE(id.empty());
  rapidjson::Document doc = raw_inspect(id);
  ASSERT_TRUE(doc.IsObject() && doc.HasMember("Config"));
  EXPECT_TRUE(doc["Config"]["OpenStdin"].GetBool());
  EXPECT_TRUE(doc["Config"]["AttachStdin"].GetBool());
  EXPECT_FALSE(doc["Config"]["StdinOnce"].GetBool());
  EXPECT_FALSE(doc["Config"]["Tty"].GetBool());
}

TEST_F(DockerClientIntegrationTest, ListByLabelFindsOnlyMatchingContainers) {
  std::string one = create(http_config("list-one"));
  std::string two = create(http_config("list-two"));
  ASSERT_FALSE(one.empty() || two.empty());
  Labels wanted = run_labels();
  wanted["berth.test.case"] = "list-one";
  auto listed = client_.list_containers(wanted);
  ASSERT_TRUE(listed.ok()) << listed.error();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, one);
  EXPECT_EQ((*listed)[0].name, unique_name("list-one"));
  EXPECT_EQ((*listed)[0].state, "created");
  auto both = client_.list_containers({{"berth.test.run", run_id_}, {"berth.test.case", ""}});
  ASSERT_TRUE(both.ok()) << both.error();
  EXPECT_EQ(both->size(), 2u);
}

TEST_F(DockerClientIntegrationTest, DuplicateNameIsAConflict) {
  ContainerConfig config = http_config("duplicate");
  ASSERT_FALSE(create(config).empty());
  auto again = client_.create_container(config);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error_code(), 409) << again.error();
  EXPECT_TRUE(contains(again.error(), "is already in use")) << again.error();
}

TEST_F(DockerClientIntegrationTest, MissingImageIsNotFoundAndHidesEnv) {
  ContainerConfig config = http_config("no-image");
  config.image = "berth-test/no-such-image:never";
  auto id = client_.create_container(config);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error_code(), 404) << id.error();
  EXPECT_TRUE(contains(id.error(), "No such image")) << id.error();
  EXPECT_FALSE(contains(id.error(), "open-sesame")) << id.error();
}

TEST_F(DockerClientIntegrationTest, InspectOfMissingContainerIsNotFound) {
  auto info = client_.inspect_container(unique_name("never-created"), 0);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error_code(), 404);
  EXPECT_TRUE(contains(info.error(), "No such container")) << info.error();
}

TEST_F(DockerClientIntegrationTest, StopThenInspectShowsExited) {
  std::string id = create_and_start(http_config("stop"));
  ASSERT_FALSE(id.empty());
  auto stopped = client_.stop_container(id, seconds(5));
  ASSERT_TRUE(stopped.ok()) << stopped.error();
  auto info = client_.inspect_container(id, 3001);
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->state, "exited");
  EXPECT_FALSE(info->running);
  // The test server exits 0 on SIGTERM once its handler is installed; a SIGTERM that races its
  // start (a loaded machine) ends it with the default 143. Either way it was not killed (137).
  EXPECT_TRUE(info->exit_code == 0 || info->exit_code == 143) << info->exit_code;
  EXPECT_FALSE(info->oom_killed);
  EXPECT_FALSE(info->finished_at.empty());
  EXPECT_EQ(info->host_port, 0);
  auto again = client_.stop_container(id, seconds(5));  // the engine's 304
  EXPECT_TRUE(again.ok()) << again.error();
}

TEST_F(DockerClientIntegrationTest, RemoveThenInspectIsNotFound) {
  std::string id = create_and_start(http_config("remove"));
  ASSERT_FALSE(id.empty());
  auto removed = client_.remove_container(id);  // running: removed by force
  ASSERT_TRUE(removed.ok()) << removed.error();
  EXPECT_EQ(code_of(client_.inspect_container(id, 0)), 404);
  auto again = client_.remove_container(id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error_code(), 404);
}

TEST_F(DockerClientIntegrationTest, ImageExists) {
  auto present = client_.image_exists(std::string(kTestImage));
  ASSERT_TRUE(present.ok()) << present.error();
  EXPECT_TRUE(*present);
  auto absent = client_.image_exists("berth-test/no-such-image:never");
  ASSERT_TRUE(absent.ok()) << absent.error();
  EXPECT_FALSE(*absent);
}

TEST_F(DockerClientIntegrationTest, PullFromUnreachableRegistryFailsWithEngineMessage) {
  // A registry on 127.0.0.1 that is not there: the engine fails fast, touching no network.
  auto pulled = client_.pull_image("127.0.0.1:1/berth-test/no-such-image:latest");
  ASSERT_FALSE(pulled.ok());
  EXPECT_NE(pulled.error_code(), 0);
  EXPECT_TRUE(contains(pulled.error(), "pull image 127.0.0.1:1/berth-test/no-such-image:latest: "))
      << pulled.error();
  EXPECT_TRUE(contains(pulled.error(), "connection refused")) << pulled.error();
}

TEST_F(DockerClientIntegrationTest, NetworkExists) {
  for (const char* name : {"bridge", "none"}) {
    auto exists = client_.network_exists(name);
    ASSERT_TRUE(exists.ok()) << exists.error();
    EXPECT_TRUE(*exists) << name;
  }
  auto random = client_.network_exists(unique_name("net"));
  ASSERT_TRUE(random.ok()) << random.error();
  EXPECT_FALSE(*random);
}

TEST_F(DockerClientIntegrationTest, ConcurrentCallsFromManyThreads) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        if (!client_.ping().ok()) ++failures;
        if (!client_.list_containers(run_labels()).ok()) ++failures;
        if (code_of(client_.inspect_container(unique_name("absent"), 0)) != 404) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace berth::reconciler::docker::testing
