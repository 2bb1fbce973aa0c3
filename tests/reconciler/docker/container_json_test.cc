#include "reconciler/docker/container_json.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

namespace berth::reconciler::docker {
namespace {

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  EXPECT_FALSE(doc.HasParseError()) << text;
  return doc;
}

ContainerConfig http_config() {
  ContainerConfig config;
  config.name = "web";
  config.image = "berth/test-server:latest";
  config.cmd = std::vector<std::string>{"http", "--port", "3001"};
  config.env = {"TOKEN=s3cret", "MODE=a=b"};
  config.labels = {{"berth.managed", "true"}, {"berth.server", "web"}};
  config.container_port = 3001;
  config.mounts = {{"/srv/data", "/data", true, false}, {"cache", "/cache", false, true}};
  config.memory_bytes = 256 << 20;
  config.nano_cpus = 500'000'000;
  config.pids_limit = 64;
  return config;
}

TEST(ContainerCreateBodyTest, CarriesImageCommandEnvAndLabels) {
  auto doc = parse_json(container_create_body(http_config()));
  EXPECT_STREQ(doc["Image"].GetString(), "berth/test-server:latest");
  EXPECT_FALSE(doc.HasMember("Entrypoint"));
  ASSERT_EQ(doc["Cmd"].Size(), 3u);
  EXPECT_STREQ(doc["Cmd"][2].GetString(), "3001");
  ASSERT_EQ(doc["Env"].Size(), 2u);
  EXPECT_STREQ(doc["Env"][1].GetString(), "MODE=a=b");
  EXPECT_STREQ(doc["Labels"]["berth.server"].GetString(), "web");
}

TEST(ContainerCreateBodyTest, PublishesThePortOnLoopbackOnly) {
  auto doc = parse_json(container_create_body(http_config()));
  EXPECT_TRUE(doc["ExposedPorts"]["3001/tcp"].IsObject());
  const auto& bindings = doc["HostConfig"]["PortBindings"]["3001/tcp"];
  ASSERT_EQ(bindings.Size(), 1u);
  EXPECT_STREQ(bindings[0]["HostIp"].GetString(), "127.0.0.1");
  EXPECT_STREQ(bindings[0]["HostPort"].GetString(), "");
}

TEST(ContainerCreateBodyTest, AlwaysAppliesSecureDefaults) {
  auto doc = parse_json(container_create_body(ContainerConfig{}));
  const auto& host = doc["HostConfig"];
  EXPECT_STREQ(host["CapDrop"][0].GetString(), "ALL");
  EXPECT_STREQ(host["SecurityOpt"][0].GetString(), "no-new-privileges");
  EXPECT_TRUE(host["Init"].GetBool());
  EXPECT_STREQ(host["RestartPolicy"]["Name"].GetString(), "no");
  EXPECT_STREQ(host["NetworkMode"].GetString(), "bridge");
  EXPECT_FALSE(host.HasMember("PortBindings"));
  EXPECT_FALSE(host.HasMember("Memory"));
  EXPECT_FALSE(doc.HasMember("ExposedPorts"));
  EXPECT_FALSE(doc.HasMember("Cmd"));
  EXPECT_FALSE(doc["Tty"].GetBool());
  EXPECT_FALSE(doc.HasMember("User"));
  EXPECT_FALSE(host["ReadonlyRootfs"].GetBool());
  EXPECT_FALSE(host.HasMember("Tmpfs"));
}

TEST(ContainerCreateBodyTest, CarriesTheLogConfig) {
  ContainerConfig config;
  EXPECT_STREQ(
      parse_json(container_create_body(config))["HostConfig"]["LogConfig"]["Type"].GetString(), "");
  config.log_driver = "json-file";
  config.log_options = {{"max-size", "10m"}, {"max-file", "3"}};
  auto doc = parse_json(container_create_body(config));
  const auto& log = doc["HostConfig"]["LogConfig"];
  EXPECT_STREQ(log["Type"].GetString(), "json-file");
  EXPECT_STREQ(log["Config"]["max-size"].GetString(), "10m");
  EXPECT_STREQ(log["Config"]["max-file"].GetString(), "3");
}

TEST(ContainerCreateBodyTest, LeavesDockersInitOutWhenBerthsLauncherIsPid1) {
  ContainerConfig config;
  config.init = false;
  auto doc = parse_json(container_create_body(config));
  EXPECT_FALSE(doc["HostConfig"]["Init"].GetBool());
}

TEST(ParseImageConfigTest, ReadsEntrypointCmdAndUser) {
  auto image = parse_image_config(
      R"({"Id":"sha256:x","Config":{"Entrypoint":["/srv","-v"],"Cmd":["stdio"],"User":"65534"}})");
  ASSERT_TRUE(image) << image.error();
  EXPECT_EQ(image->entrypoint, (std::vector<std::string>{"/srv", "-v"}));
  EXPECT_EQ(image->cmd, (std::vector<std::string>{"stdio"}));
  EXPECT_EQ(image->user, "65534");
}

TEST(ParseImageConfigTest, NullListsAndMissingConfigReadAsEmpty) {
  auto image = parse_image_config(R"({"Config":{"Entrypoint":null,"Cmd":null}})");
  ASSERT_TRUE(image) << image.error();
  EXPECT_TRUE(image->entrypoint.empty());
  EXPECT_TRUE(image->cmd.empty());
  EXPECT_EQ(image->user, "");
  EXPECT_TRUE(parse_image_config("{}"));
  EXPECT_FALSE(parse_image_config("not json"));
}

TEST(ContainerCreateBodyTest, SetsUserReadOnlyRootAndTmpfs) {
  ContainerConfig config;
  config.user = "65534:65534";
  config.read_only_rootfs = true;
  config.tmpfs = {{"/tmp", ""}, {"/cache", "size=67108864,mode=1777"}};
  auto doc = parse_json(container_create_body(config));
  EXPECT_STREQ(doc["User"].GetString(), "65534:65534");
  const auto& host = doc["HostConfig"];
  EXPECT_TRUE(host["ReadonlyRootfs"].GetBool());
  ASSERT_TRUE(host["Tmpfs"].IsObject());
  EXPECT_EQ(host["Tmpfs"].MemberCount(), 2u);
  EXPECT_STREQ(host["Tmpfs"]["/tmp"].GetString(), "");
  EXPECT_STREQ(host["Tmpfs"]["/cache"].GetString(), "size=67108864,mode=1777");
}

TEST(ContainerCreateBodyTest, SetsLimitsAndMounts) {
  auto doc = parse_json(container_create_body(http_config()));
  const auto& host = doc["HostConfig"];
  EXPECT_EQ(host["Memory"].GetInt64(), 256 << 20);
  EXPECT_EQ(host["NanoCpus"].GetInt64(), 500'000'000);
  EXPECT_EQ(host["PidsLimit"].GetInt64(), 64);
  ASSERT_EQ(host["Mounts"].Size(), 2u);
  EXPECT_STREQ(host["Mounts"][0]["Type"].GetString(), "bind");
  EXPECT_TRUE(host["Mounts"][0]["ReadOnly"].GetBool());
  EXPECT_STREQ(host["Mounts"][1]["Type"].GetString(), "volume");
  EXPECT_STREQ(host["Mounts"][1]["Source"].GetString(), "cache");
}

TEST(ContainerCreateBodyTest, OpensStdinForStdioServers) {
  ContainerConfig config;
  config.open_stdin = true;
  config.entrypoint = std::vector<std::string>{"/server"};
  auto doc = parse_json(container_create_body(config));
  for (const char* key : {"OpenStdin", "AttachStdin", "AttachStdout", "AttachStderr"}) {
    EXPECT_TRUE(doc[key].GetBool()) << key;
  }
  EXPECT_FALSE(doc["StdinOnce"].GetBool());
  EXPECT_STREQ(doc["Entrypoint"][0].GetString(), "/server");
}

TEST(ContainerCreateBodyTest, EscapesStrings) {
  ContainerConfig config;
  config.env = {"QUOTE=\"\\\n"};
  auto doc = parse_json(container_create_body(config));
  EXPECT_STREQ(doc["Env"][0].GetString(), "QUOTE=\"\\\n");
}

constexpr const char* kInspect = R"({
  "Id": "abc123", "Name": "/web",
  "State": {"Status": "running", "Running": true, "ExitCode": 0, "OOMKilled": false,
            "StartedAt": "2026-11-21T05:00:00.1Z", "FinishedAt": "0001-01-01T00:00:00Z"},
  "Config": {"Image": "berth/test-server:latest", "Labels": {"berth.server": "web"}},
  "NetworkSettings": {"Ports": {
    "3001/tcp": [{"HostIp": "0.0.0.0", "HostPort": "1111"}, {"HostIp": "127.0.0.1", "HostPort": "49153"}],
    "4000/tcp": null}}
})";

TEST(ParseContainerInfoTest, ReadsStateLabelsAndLoopbackPort) {
  auto info = parse_container_info(kInspect, 3001);
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->id, "abc123");
  EXPECT_EQ(info->name, "web");
  EXPECT_EQ(info->image, "berth/test-server:latest");
  EXPECT_EQ(info->state, "running");
  EXPECT_TRUE(info->running);
  EXPECT_EQ(info->started_at, "2026-11-21T05:00:00.1Z");
  EXPECT_EQ(info->labels.at("berth.server"), "web");
  EXPECT_EQ(info->host_port, 49153);
}

TEST(ParseContainerInfoTest, PortNotPublishedYetIsZero) {
  EXPECT_EQ(parse_container_info(kInspect, 4000)->host_port, 0);
  EXPECT_EQ(parse_container_info(kInspect, 5000)->host_port, 0);
  EXPECT_EQ(parse_container_info(kInspect, 0)->host_port, 0);
  EXPECT_EQ(parse_container_info(R"({"NetworkSettings": {"Ports": null}})", 3001)->host_port, 0);
}

TEST(ParseContainerInfoTest, ReadsExitAndOomKill) {
  auto info = parse_container_info(
      R"({"Id":"x","State":{"Status":"exited","Running":false,"ExitCode":137,"OOMKilled":true},
          "Config":{"Labels":null}})",
      0);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->state, "exited");
  EXPECT_FALSE(info->running);
  EXPECT_EQ(info->exit_code, 137);
  EXPECT_TRUE(info->oom_killed);
  EXPECT_TRUE(info->labels.empty());
}

TEST(ParseContainerInfoTest, RejectsBrokenJson) {
  EXPECT_FALSE(parse_container_info("{\"Id\":", 0).ok());
  EXPECT_FALSE(parse_container_info("[]", 0).ok());
}

TEST(ParseContainerListTest, ReadsSummaries) {
  auto list = parse_container_list(
      R"([{"Id":"a","Names":["/one"],"State":"running","Labels":{"k":"v"}},
          {"Id":"b","Names":[],"State":"exited","Labels":null}, 7])");
  ASSERT_TRUE(list.ok()) << list.error();
  ASSERT_EQ(list->size(), 2u);  // the stray 7 is skipped
  EXPECT_EQ((*list)[0].name, "one");
  EXPECT_EQ((*list)[0].labels.at("k"), "v");
  EXPECT_EQ((*list)[1].state, "exited");
  EXPECT_EQ((*list)[1].name, "");
  EXPECT_FALSE(parse_container_list("{}").ok());
}

}  // namespace
}  // namespace berth::reconciler::docker
