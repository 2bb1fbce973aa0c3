#include "reconciler/container_plan.h"

#include <gtest/gtest.h>

#include "specs/spec_parser.h"

namespace berth::reconciler {
namespace {

specs::ServerSpec parse(const std::string& body) {
  std::string text = "apiVersion: berth/v1\nkind: MCPServer\nspec:\n" + body;
  auto parsed = specs::parse_spec(text, specs::SpecSource{"s/gh.yaml", "gh", "/srv/specs"});
  EXPECT_TRUE(parsed.spec) << parsed.errors.front().to_string();
  return parsed.spec.value_or(specs::ServerSpec{});
}

TEST(ContainerPlanTest, NameEmbedsInstanceServerAndHash) {
  EXPECT_EQ(container_name("default", "github", std::string(64, 'a')),
            "berth-default-github-aaaaaaaaaaaa");
}

TEST(ContainerPlanTest, CarriesEverythingTheSpecAsksFor) {
  specs::ServerSpec spec = parse(R"(  image: ghcr.io/x/gh:1
  command: [node, /app/index.js]
  args: [--stdio]
  env: {LOG_LEVEL: info}
  secrets:
    - {name: token, env: GITHUB_TOKEN}
    - {name: tls, path: /run/tls.key}
  volumes:
    - {source: ./data, target: /data, readOnly: true}
    - {source: cache, target: /cache}
  resources: {memory: 256Mi, cpus: 500m, pids: 64}
  network: none
)");
  std::map<std::string, std::string> secrets{{"token", "s3cr3t"}, {"tls", "key"}};
  std::string hash(64, 'f');
  std::filesystem::path dir = "/etc/berth/secrets";
  ContainerConfig c = plan_container(PlanInput{spec, "prod", hash, secrets, dir});
  EXPECT_EQ(c.name, "berth-prod-gh-ffffffffffff");
  EXPECT_EQ(c.image, "ghcr.io/x/gh:1");
  EXPECT_EQ(c.entrypoint, (std::vector<std::string>{"node", "/app/index.js"}));
  EXPECT_EQ(c.cmd, (std::vector<std::string>{"--stdio"}));
  EXPECT_EQ(c.env, (std::vector<std::string>{"LOG_LEVEL=info", "GITHUB_TOKEN=s3cr3t"}));
  ASSERT_EQ(c.mounts.size(), 3u);
  EXPECT_EQ(c.mounts[0].source, "/etc/berth/secrets/tls");
  EXPECT_EQ(c.mounts[0].target, "/run/tls.key");
  EXPECT_TRUE(c.mounts[0].read_only);
  EXPECT_EQ(c.mounts[1].source, "/srv/specs/data");
  EXPECT_TRUE(c.mounts[2].named_volume);
  EXPECT_EQ(c.memory_bytes, 256 * 1024 * 1024);
  EXPECT_EQ(c.nano_cpus, 500000000);
  EXPECT_EQ(c.pids_limit, 64);
  EXPECT_EQ(c.network_mode, "none");
  EXPECT_TRUE(c.open_stdin);
  EXPECT_EQ(c.container_port, 0);
  EXPECT_EQ(c.labels.at(kLabelInstance), "prod");
  EXPECT_EQ(c.labels.at(kLabelServer), "gh");
  EXPECT_EQ(c.labels.at(kLabelHash), hash);
  EXPECT_EQ(c.labels.at(kLabelSpec).find("s3cr3t"), std::string::npos);
}

TEST(ContainerPlanTest, HttpTransportPublishesItsPortAndClosesStdin) {
  specs::ServerSpec spec = parse("  image: x\n  transport: {type: sse, port: 8000}\n");
  std::map<std::string, std::string> none;
  std::string hash(64, '1');
  std::filesystem::path dir = "/s";
  ContainerConfig c = plan_container(PlanInput{spec, "default", hash, none, dir});
  EXPECT_EQ(c.container_port, 8000);
  EXPECT_FALSE(c.open_stdin);
}

TEST(ContainerPlanTest, SpecLabelsAreKeptBesideBerthsOwn) {
  specs::ServerSpec spec = parse("  image: x\n");
  spec.labels["team"] = "tools";
  std::map<std::string, std::string> none;
  std::string hash(64, '1');
  std::filesystem::path dir = "/s";
  ContainerConfig c = plan_container(PlanInput{spec, "default", hash, none, dir});
  EXPECT_EQ(c.labels.at("team"), "tools");
  EXPECT_EQ(c.labels.at(kLabelManaged), "true");
}

TEST(ContainerPlanTest, CarriesUserReadOnlyRootAndTmpfs) {
  specs::ServerSpec spec = parse(R"(  image: x
  user: "65534:65534"
  readOnlyRootFilesystem: true
  tmpfs:
    - /tmp
    - {path: /cache, size: 64Mi, mode: "1777"}
    - {path: /run/app, mode: "0700"}
)");
  std::map<std::string, std::string> none;
  std::string hash(64, '1');
  std::filesystem::path dir = "/s";
  ContainerConfig c = plan_container(PlanInput{spec, "default", hash, none, dir});
  EXPECT_EQ(c.user, "65534:65534");
  EXPECT_TRUE(c.read_only_rootfs);
  EXPECT_EQ(c.tmpfs,
            (std::map<std::string, std::string>{
                {"/tmp", ""}, {"/cache", "size=67108864,mode=1777"}, {"/run/app", "mode=700"}}));
}

TEST(ContainerPlanTest, ImagesUserAndWritableRootByDefault) {
  specs::ServerSpec spec = parse("  image: x\n");
  std::map<std::string, std::string> none;
  std::string hash(64, '1');
  std::filesystem::path dir = "/s";
  ContainerConfig c = plan_container(PlanInput{spec, "default", hash, none, dir});
  EXPECT_EQ(c.user, "");
  EXPECT_FALSE(c.read_only_rootfs);
  EXPECT_TRUE(c.tmpfs.empty());
}

TEST(ContainerPlanTest, InstanceSelectorNamesManagedAndInstance) {
  EXPECT_EQ(instance_selector("x"), (Labels{{kLabelManaged, "true"}, {kLabelInstance, "x"}}));
}

}  // namespace
}  // namespace berth::reconciler
