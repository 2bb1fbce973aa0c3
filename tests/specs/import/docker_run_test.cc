#include "specs/import/docker_run.h"

#include <gtest/gtest.h>

#include "specs/import/spec_writer.h"
#include "tests/specs/import/import_test_util.h"

namespace berth::specs::import {
namespace {

using test::fixture_path;
using test::round_trip;

SpecDraft imported(std::vector<std::string> args, std::string transport = "") {
  DockerRunInput input{std::move(args), "", std::move(transport), "/home/me", {}};
  auto draft = import_docker_run(input);
  if (!draft) {
    ADD_FAILURE() << draft.error();
    return SpecDraft{};
  }
  return *draft;
}

bool has_line(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// The README of github/github-mcp-server.
TEST(DockerRunTest, GithubServerFromItsReadme) {
  SpecDraft draft = imported({"run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN",
                              "ghcr.io/github/github-mcp-server"});
  ServerSpec spec = round_trip(draft);
  EXPECT_EQ(spec.name, "github-mcp-server");
  EXPECT_EQ(spec.image, "ghcr.io/github/github-mcp-server");
  EXPECT_EQ(spec.transport.type, TransportType::kStdio);
  ASSERT_EQ(spec.secrets.size(), 1u);
  EXPECT_EQ(spec.secrets[0].name, "github-personal-access-token");
  EXPECT_EQ(spec.secrets[0].env, "GITHUB_PERSONAL_ACCESS_TOKEN");
  EXPECT_FALSE(draft.secrets[0].value.has_value());
  EXPECT_TRUE(spec.env.empty());
  EXPECT_FALSE(spec.args.has_value());
  EXPECT_TRUE(has_line(draft.header,
                       "Dropped --rm: berth removes and replaces its containers "
                       "itself."));
  EXPECT_EQ(draft.name_note, "named after the image; rename freely");
}

// The README of the reference filesystem server (modelcontextprotocol/servers).
TEST(DockerRunTest, FilesystemServerWithBindMounts) {
  SpecDraft draft =
      imported({"run", "-i", "--rm", "--mount",
                "type=bind,src=/Users/username/Desktop,dst=/projects/Desktop", "--mount",
                "type=bind,src=/path/to/other/allowed/dir,dst=/projects/other/allowed/dir,ro",
                "mcp/filesystem", "/projects"});
  ServerSpec spec = round_trip(draft);
  EXPECT_EQ(spec.name, "filesystem");
  ASSERT_EQ(spec.volumes.size(), 2u);
  EXPECT_EQ(spec.volumes[0],
            (VolumeMount{"/Users/username/Desktop", "/projects/Desktop", false, false}));
  EXPECT_EQ(spec.volumes[1], (VolumeMount{"/path/to/other/allowed/dir",
                                          "/projects/other/allowed/dir", true, false}));
  EXPECT_EQ(spec.args, std::vector<std::string>{"/projects"});
}

TEST(DockerRunTest, EveryMappedOption) {
  SpecDraft draft = imported({"docker",       "run",
                              "--entrypoint", "/usr/bin/server",
                              "-e",           "LOG_LEVEL=debug",
                              "--env-file",   fixture_path("docker-run.env").string(),
                              "-v",           "/srv/notes:/notes:ro",
                              "-v",           "cache:/cache",
                              "--memory",     "512m",
                              "--cpus",       "0.5",
                              "--pids-limit", "64",
                              "--network",    "mcpnet",
                              "-l",           "team=tools",
                              "--label=tier", "--name",
                              "Notes_Server", "-u",
                              "1000:1000",    "--read-only",
                              "--tmpfs",      "/tmp:size=64m,noexec",
                              "--pull",       "always",
                              "-i",           "notes:1.2",
                              "--stdio",      "--verbose"});
  ServerSpec spec = round_trip(draft);
  EXPECT_EQ(spec.name, "notes-server");
  EXPECT_EQ(draft.name_note, "from --name Notes_Server (lowercase letters, digits and '-')");
  EXPECT_EQ(spec.image, "notes:1.2");
  EXPECT_EQ(spec.pull, PullPolicy::kAlways);
  EXPECT_EQ(spec.command, std::vector<std::string>{"/usr/bin/server"});
  EXPECT_EQ(spec.args, (std::vector<std::string>{"--stdio", "--verbose"}));
  EXPECT_EQ(spec.env, (std::map<std::string, std::string>{
                          {"LOG_LEVEL", "debug"}, {"NOTES_ROOT", "/notes"}, {"QUOTE", "'a b'"}}));
  ASSERT_EQ(spec.secrets.size(), 2u);
  EXPECT_EQ(spec.secrets[0].name, "notes-api-key");
  EXPECT_EQ(draft.secrets[0].value, "k-123");
  EXPECT_EQ(spec.secrets[1].env, "NOTES_TOKEN");
  EXPECT_FALSE(draft.secrets[1].value.has_value());
  EXPECT_EQ(spec.volumes.size(), 2u);
  EXPECT_TRUE(spec.volumes[1].named_volume);
  EXPECT_EQ(spec.resources.memory_bytes, 512 * 1024 * 1024);
  EXPECT_EQ(spec.resources.nano_cpus, 500'000'000);
  EXPECT_EQ(spec.resources.pids, 64);
  EXPECT_EQ(spec.network, "mcpnet");
  EXPECT_EQ(spec.labels, (std::map<std::string, std::string>{{"team", "tools"}, {"tier", ""}}));
  EXPECT_EQ(spec.user, "1000:1000");
  EXPECT_TRUE(spec.read_only_root_filesystem);
  EXPECT_EQ(spec.tmpfs, (std::vector<TmpfsMount>{{"/tmp", 64 * 1024 * 1024, std::nullopt}}));
  std::string text = write_spec(draft);
  EXPECT_NE(text.find("\n  user: \"1000:1000\"\n  readOnlyRootFilesystem: true\n  tmpfs:\n"
                      "    - {path: /tmp, size: 64Mi}\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("k-123"), std::string::npos) << "a secret value reached the spec";
  EXPECT_TRUE(has_line(draft.header, "Dropped --tmpfs option noexec: a spec cannot express it."));
}

TEST(DockerRunTest, SpellingsOfOptions) {
  ServerSpec spec = round_trip(imported(
      {"-it", "-eA=1", "--env=B=2", "-m512m", "--memory=1g", "-l", "x=y", "--cpus=1.5", "img"}));
  EXPECT_EQ(spec.env, (std::map<std::string, std::string>{{"A", "1"}, {"B", "2"}}));
  EXPECT_EQ(spec.resources.memory_bytes, int64_t{1} << 30);  // the last one wins, as in docker
  EXPECT_EQ(spec.resources.nano_cpus, 1'500'000'000);
  ServerSpec after_dashes = round_trip(imported({"-i", "--", "img", "-e", "X=1"}));
  EXPECT_TRUE(after_dashes.env.empty());
  EXPECT_EQ(after_dashes.args, (std::vector<std::string>{"-e", "X=1"}));
}

TEST(DockerRunTest, DroppedOptionsAreNoted) {
  SpecDraft draft = imported({"-itd", "--rm", "--init", "--restart", "always", "img"});
  EXPECT_TRUE(has_line(draft.header, "Dropped -t: a TTY would mangle the stdio protocol stream."));
  EXPECT_TRUE(has_line(draft.header, "Dropped -d: berth runs every server in the background."));
  EXPECT_TRUE(has_line(draft.header, "Dropped --init: berth always runs an init process."));
  EXPECT_TRUE(has_line(draft.header,
                       "Dropped --restart: berth restarts servers itself, with backoff "
                       "(spec.restart)."));
  EXPECT_TRUE(has_line(draft.header,
                       "Dropped --rm: berth removes and replaces its containers "
                       "itself."));
  round_trip(draft);
}

TEST(DockerRunTest, LiteralSecretValuesStayOutOfTheSpec) {
  SpecDraft draft = imported({"-i", "-e", "BRAVE_API_KEY=BSA-secret-1", "-e",
                              "DATABASE_URL=postgres://app:pw-2@db/app", "mcp/brave-search"});
  std::string text = write_spec(draft);
  EXPECT_EQ(text.find("BSA-secret-1"), std::string::npos) << text;
  EXPECT_EQ(text.find("pw-2"), std::string::npos) << text;
  ServerSpec spec = round_trip(draft);
  ASSERT_EQ(spec.secrets.size(), 2u);
  EXPECT_EQ(spec.secrets[0].name, "brave-api-key");
  EXPECT_EQ(draft.secrets[0].value, "BSA-secret-1");
  EXPECT_EQ(spec.secrets[1].name, "database-url");
}

TEST(DockerRunTest, EnvValuesFromTheCaller) {
  DockerRunInput input{
      {"run", "-i", "-e", "LOG_LEVEL", "-e", "SLACK_BOT_TOKEN", "-e", "TEAM", "mcp/slack"},
      "slack",
      "",
      "/",
      {{"LOG_LEVEL", "info"}, {"SLACK_BOT_TOKEN", "xoxb-1"}}};
  auto draft = import_docker_run(input);
  ASSERT_TRUE(draft) << draft.error();
  ServerSpec spec = round_trip(*draft);
  EXPECT_EQ(spec.name, "slack");
  EXPECT_EQ(spec.env, (std::map<std::string, std::string>{{"LOG_LEVEL", "info"}}));
  ASSERT_EQ(draft->secrets.size(), 2u);
  EXPECT_EQ(draft->secrets[0].value, "xoxb-1");
  EXPECT_EQ(draft->secrets[1].env, "TEAM");  // not in the config: the caller's, so a secret file
  EXPECT_FALSE(draft->secrets[1].value.has_value());
}

TEST(DockerRunTest, RepeatedEnvKeepsTheLast) {
  ServerSpec spec = round_trip(
      imported({"-i", "-e", "TOKEN", "-e", "TOKEN=abc", "-e", "X=1", "-e", "X=2", "img"}));
  EXPECT_EQ(spec.env, (std::map<std::string, std::string>{{"X", "2"}}));
  ASSERT_EQ(spec.secrets.size(), 1u);
}

TEST(DockerRunTest, HttpTransportFromPublishedPort) {
  SpecDraft draft = imported({"-p", "127.0.0.1:8080:3001", "mcp/everything", "streamableHttp"},
                             "streamable-http");
  ServerSpec spec = round_trip(draft);
  EXPECT_EQ(spec.transport, (Transport{TransportType::kStreamableHttp, 3001, "/mcp"}));
  EXPECT_NE(draft.transport_note.find("container port 3001 (from -p 127.0.0.1:8080:3001"),
            std::string::npos);
  ServerSpec sse = round_trip(imported({"-p3001", "mcp/everything", "sse"}, "sse"));
  EXPECT_EQ(sse.transport, (Transport{TransportType::kSse, 3001, "/sse"}));
}

TEST(DockerRunTest, StdioDropsPublishedPorts) {
  SpecDraft draft = imported({"-i", "-p", "8080:80", "img"});
  EXPECT_TRUE(has_line(draft.header, "Dropped -p 8080:80: a stdio server needs no port."));
  EXPECT_EQ(round_trip(draft).transport.type, TransportType::kStdio);
}

TEST(DockerRunTest, RelativeHostPathsResolveAgainstTheWorkingDirectory) {
  SpecDraft draft = imported({"-i", "-v", "./data:/data", "img"});
  EXPECT_EQ(round_trip(draft).volumes[0].source, "/home/me/data");
  EXPECT_NE(draft.volumes[0].note.find("resolved against /home/me"), std::string::npos);
}

TEST(DockerRunTest, BerthNameWins) {
  DockerRunInput input{{"-i", "--name", "other", "img"}, "mine", "", "/", {}};
  EXPECT_EQ(import_docker_run(input)->name, "mine");
  input.name = "Not Valid";
  EXPECT_EQ(import_docker_run(input).error(),
            "--name \"Not Valid\" is not a valid server name (lowercase letters, digits and '-', "
            "1-63 characters, not starting or ending with '-')");
}

}  // namespace
}  // namespace berth::specs::import
