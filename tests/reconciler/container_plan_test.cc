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

const std::filesystem::path kLauncher = "/usr/lib/berth/berth-launcher";
const ImageConfig kImage{{"/server"}, {"stdio"}, ""};

// The plan of `spec` for an image starting as kImage, with no secret files.
ContainerConfig plan(const specs::ServerSpec& spec, const ContainerSecrets& secrets = {},
                     const ImageConfig& image = kImage) {
  std::string hash(64, '1');
  auto config = plan_container(PlanInput{spec, "default", hash, image, secrets, kLauncher});
  EXPECT_TRUE(config) << config.error();
  return config ? *config : ContainerConfig{};
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
  ContainerSecrets secrets{"/run/berth/prod/c/env", {{"tls", "/run/berth/prod/c/files/tls"}}};
  std::string hash(64, 'f');
  auto planned = plan_container(PlanInput{spec, "prod", hash, kImage, secrets, kLauncher});
  ASSERT_TRUE(planned) << planned.error();
  const ContainerConfig& c = *planned;
  EXPECT_EQ(c.name, "berth-prod-gh-ffffffffffff");
  EXPECT_EQ(c.image, "ghcr.io/x/gh:1");
  EXPECT_EQ(c.entrypoint, (std::vector<std::string>{"/.berth/launcher"}));
  EXPECT_EQ(c.cmd, (std::vector<std::string>{"--env-dir", "/.berth/env", "--", "node",
                                             "/app/index.js", "--stdio"}));
  EXPECT_FALSE(c.init);
  EXPECT_EQ(c.env, (std::vector<std::string>{"LOG_LEVEL=info"}));  // no secret value
  ASSERT_EQ(c.mounts.size(), 5u);
  EXPECT_EQ(c.mounts[0].source, kLauncher.string());
  EXPECT_EQ(c.mounts[0].target, "/.berth/launcher");
  EXPECT_EQ(c.mounts[1].source, "/run/berth/prod/c/env");
  EXPECT_EQ(c.mounts[1].target, "/.berth/env");
  EXPECT_EQ(c.mounts[2].source, "/run/berth/prod/c/files/tls");
  EXPECT_EQ(c.mounts[2].target, "/run/tls.key");
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(c.mounts[i].read_only) << i;
  EXPECT_EQ(c.mounts[3].source, "/srv/specs/data");
  EXPECT_TRUE(c.mounts[4].named_volume);
  EXPECT_EQ(c.memory_bytes, 256 * 1024 * 1024);
  EXPECT_EQ(c.nano_cpus, 500000000);
  EXPECT_EQ(c.pids_limit, 64);
  EXPECT_EQ(c.network_mode, "none");
  EXPECT_TRUE(c.open_stdin);
  EXPECT_EQ(c.container_port, 0);
  EXPECT_EQ(c.labels.at(kLabelInstance), "prod");
  EXPECT_EQ(c.labels.at(kLabelServer), "gh");
  EXPECT_EQ(c.labels.at(kLabelHash), hash);
}

TEST(ContainerPlanTest, RunsTheImagesOwnCommandThroughTheLauncher) {
  specs::ServerSpec spec = parse("  image: x\n");
  ContainerConfig c = plan(spec);
  EXPECT_EQ(c.entrypoint, (std::vector<std::string>{"/.berth/launcher"}));
  EXPECT_EQ(c.cmd, (std::vector<std::string>{"--", "/server", "stdio"}));
  ASSERT_EQ(c.mounts.size(), 1u);  // the launcher only: no secrets
  EXPECT_TRUE(c.mounts[0].read_only);
}

TEST(ContainerPlanTest, ServerCommandFollowsDockersRules) {
  ImageConfig image{{"/entry", "-x"}, {"cmd", "arg"}, ""};
  auto command = [&](const std::string& body) {
    return server_command(parse("  image: x\n" + body), image);
  };
  EXPECT_EQ(command(""), (std::vector<std::string>{"/entry", "-x", "cmd", "arg"}));
  EXPECT_EQ(command("  args: [a]\n"), (std::vector<std::string>{"/entry", "-x", "a"}));
  EXPECT_EQ(command("  args: []\n"), (std::vector<std::string>{"/entry", "-x"}));
  // A command of the spec's own drops the image's CMD, as `docker run --entrypoint` does.
  EXPECT_EQ(command("  command: [/other]\n"), (std::vector<std::string>{"/other"}));
  EXPECT_EQ(command("  command: [/other]\n  args: [b]\n"),
            (std::vector<std::string>{"/other", "b"}));
  EXPECT_EQ(server_command(parse("  image: x\n"), ImageConfig{{}, {"/bin/sh"}, ""}),
            (std::vector<std::string>{"/bin/sh"}));
}

TEST(ContainerPlanTest, NothingToRunIsAnError) {
  std::string hash(64, '1');
  ContainerSecrets none;
  ImageConfig empty;
  specs::ServerSpec spec = parse("  image: x\n");
  auto config = plan_container(PlanInput{spec, "default", hash, empty, none, kLauncher});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().find("no ENTRYPOINT or CMD"), std::string::npos) << config.error();
}

TEST(ContainerPlanTest, HttpTransportPublishesItsPortAndClosesStdin) {
  specs::ServerSpec spec = parse("  image: x\n  transport: {type: sse, port: 8000}\n");
  ContainerConfig c = plan(spec);
  EXPECT_EQ(c.container_port, 8000);
  EXPECT_FALSE(c.open_stdin);
}

TEST(ContainerPlanTest, StdioContainersKeepNoLogsAndHttpOnesCappedJsonFiles) {
  ContainerConfig stdio = plan(parse("  image: x\n"));
  EXPECT_EQ(stdio.log_driver, "none");
  EXPECT_TRUE(stdio.log_options.empty());
  for (const char* type : {"streamable-http", "sse"}) {
    ContainerConfig http =
        plan(parse("  image: x\n  transport: {type: " + std::string(type) + ", port: 80}\n"));
    EXPECT_EQ(http.log_driver, "json-file") << type;
    EXPECT_EQ(http.log_options,
              (std::map<std::string, std::string>{{"max-size", "10m"}, {"max-file", "3"}}))
        << type;
  }
}

TEST(ContainerPlanTest, SpecLabelsAreKeptBesideBerthsOwn) {
  specs::ServerSpec spec = parse("  image: x\n");
  spec.labels["team"] = "tools";
  ContainerConfig c = plan(spec);
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
  ContainerConfig c = plan(spec);
  EXPECT_EQ(c.user, "65534:65534");
  EXPECT_TRUE(c.read_only_rootfs);
  EXPECT_EQ(c.tmpfs,
            (std::map<std::string, std::string>{
                {"/tmp", ""}, {"/cache", "size=67108864,mode=1777"}, {"/run/app", "mode=700"}}));
}

TEST(ContainerPlanTest, ImagesUserAndWritableRootByDefault) {
  specs::ServerSpec spec = parse("  image: x\n");
  ContainerConfig c = plan(spec);
  EXPECT_EQ(c.user, "");
  EXPECT_FALSE(c.read_only_rootfs);
  EXPECT_TRUE(c.tmpfs.empty());
}

TEST(ContainerPlanTest, InstanceSelectorNamesManagedAndInstance) {
  EXPECT_EQ(instance_selector("x"), (Labels{{kLabelManaged, "true"}, {kLabelInstance, "x"}}));
}

}  // namespace
}  // namespace berth::reconciler
