#include "specs/import/spec_writer.h"

#include <gtest/gtest.h>

#include "specs/import/draft_check.h"
#include "tests/specs/import/import_test_util.h"

namespace berth::specs::import {
namespace {

SpecDraft sample() {
  SpecDraft draft;
  draft.header = {"Imported by berth import."};
  draft.name = "github";
  draft.name_note = "named after the image; rename freely";
  draft.labels = {{"team", "tools"}};
  draft.image = "ghcr.io/github/github-mcp-server:1.2";
  draft.args = std::vector<std::string>{"stdio", "--toolsets", "repos,issues"};
  draft.env = {{"LOG_LEVEL", "info", ""},
               {"GITHUB_HOST", "true", "quoted: YAML would read a bool"}};
  draft.secrets = {{"github-token", "GITHUB_TOKEN", "ghp_secret", "create secrets/github-token"}};
  draft.volumes = {{"/srv/cache", "/cache", true, ""}};
  draft.memory = "512Mi";
  draft.cpus = "0.5";
  draft.pids = 64;
  draft.transport_note = "-i: the server speaks MCP on stdin and stdout";
  draft.network = "none";
  return draft;
}

TEST(SpecWriterTest, WritesTheReadmeLayoutWithNotes) {
  EXPECT_EQ(write_spec(sample()), R"(# Imported by berth import.
apiVersion: berth/v1
kind: MCPServer
metadata:
  # named after the image; rename freely
  name: github
  labels:
    team: tools
spec:
  image: ghcr.io/github/github-mcp-server:1.2
  args: [stdio, --toolsets, "repos,issues"]
  env:
    LOG_LEVEL: info
    # quoted: YAML would read a bool
    GITHUB_HOST: "true"
  secrets:
    # create secrets/github-token
    - {name: github-token, env: GITHUB_TOKEN}
  volumes:
    - {source: /srv/cache, target: /cache, readOnly: true}
  resources:
    memory: 512Mi
    cpus: 0.5
    pids: 64
  # -i: the server speaks MCP on stdin and stdout
  transport:
    type: stdio
  network: none
)");
}

TEST(SpecWriterTest, RoundTripsThroughTheSpecParser) {
  ServerSpec spec = test::round_trip(sample());
  EXPECT_EQ(spec.name, "github");
  EXPECT_EQ(spec.env.at("GITHUB_HOST"), "true");
  EXPECT_EQ(spec.args, (std::vector<std::string>{"stdio", "--toolsets", "repos,issues"}));
  EXPECT_EQ(spec.secrets[0].env, "GITHUB_TOKEN");
  EXPECT_TRUE(check_draft(sample()));
}

TEST(SpecWriterTest, LongListsOneItemALine) {
  SpecDraft draft = sample();
  draft.args = std::vector<std::string>{"-y", "@modelcontextprotocol/server-filesystem",
                                        "/Users/username/Desktop", "/Users/username/Downloads"};
  std::string text = write_spec(draft);
  EXPECT_NE(text.find("\n  args:\n    - -y\n    - \"@modelcontextprotocol/server-filesystem\"\n"
                      "    - /Users/username/Desktop\n    - /Users/username/Downloads\n  env:\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(test::round_trip(draft).args, draft.args);
}

TEST(SpecWriterTest, LeastPrivilegeFields) {
  SpecDraft draft = sample();
  draft.user = "1000:1000";
  draft.read_only_root = true;
  draft.tmpfs = {{"/tmp", "", "", ""},
                 {"/run", "64Mi", "", "size from --tmpfs"},
                 {"/var/cache", "", "1777", ""}};
  std::string text = write_spec(draft);
  EXPECT_NE(text.find(R"(
  user: "1000:1000"
  readOnlyRootFilesystem: true
  tmpfs:
    - /tmp
    # size from --tmpfs
    - {path: /run, size: 64Mi}
    - {path: /var/cache, mode: "1777"}
)"),
            std::string::npos)
      << text;
  ServerSpec spec = test::round_trip(draft);
  EXPECT_EQ(spec.user, "1000:1000");
  EXPECT_TRUE(spec.read_only_root_filesystem);
  EXPECT_EQ(spec.tmpfs, (std::vector<TmpfsMount>{{"/tmp", std::nullopt, std::nullopt},
                                                 {"/run", 64 * 1024 * 1024, std::nullopt},
                                                 {"/var/cache", std::nullopt, 01777}}));
}

TEST(SpecWriterTest, CheckDraftReportsWhatTheParserRefuses) {
  SpecDraft draft = sample();
  draft.network = "none";
  draft.transport = "streamable-http";
  draft.port = 3000;
  Status checked = check_draft(draft);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error(),
            "the spec made for github does not validate:\n  spec.network: \"none\" cannot be used "
            "with transport streamable-http: berth reaches it through a published port");
}

TEST(SpecWriterTest, CheckDraftRefusesPasswordsOnTheCommandLine) {
  SpecDraft draft = sample();
  draft.args = std::vector<std::string>{"postgresql://app:s3cret@db:5432/app"};
  EXPECT_EQ(check_draft(draft).error(),
            "args[0]: \"postgresql://app:***@db:5432/app\" holds a password, which a spec file "
            "would hold too; berth passes secrets only as environment variables or files");
  draft.args = std::vector<std::string>{"postgresql://db:5432/app"};
  EXPECT_TRUE(check_draft(draft));
}

}  // namespace
}  // namespace berth::specs::import
