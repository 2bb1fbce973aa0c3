#include "specs/import/client_config.h"

#include <gtest/gtest.h>

#include "specs/import/client_snippet.h"
#include "specs/import/json_file.h"
#include "specs/import/package_runners.h"
#include "tests/specs/import/import_test_util.h"

namespace berth::specs::import {
namespace {

using test::round_trip;

ClientConfig imported(const std::string& fixture) {
  auto document = read_json_file(test::fixture_path(fixture));
  if (!document) {
    ADD_FAILURE() << document.error();
    return {};
  }
  auto config = import_client_config(**document, fixture, "/home/me");
  if (!config) {
    ADD_FAILURE() << config.error();
    return {};
  }
  return *config;
}

const ConfigServer& server(const ClientConfig& config, const std::string& key) {
  for (const ConfigServer& server : config.servers) {
    if (server.key == key) return server;
  }
  ADD_FAILURE() << "no entry " << key;
  static const ConfigServer kNone;
  return kNone;
}

ServerSpec spec_of(const ClientConfig& config, const std::string& key) {
  const ConfigServer& entry = server(config, key);
  if (!entry.draft) {
    ADD_FAILURE() << key << " was not imported: " << entry.error << entry.skipped;
    return {};
  }
  EXPECT_TRUE(entry.error.empty()) << entry.error;
  return round_trip(*entry.draft);
}

std::string spec_text(const ClientConfig& config, const std::string& key) {
  const ConfigServer& entry = server(config, key);
  return entry.draft ? write_spec(*entry.draft) : "";
}

TEST(ClientConfigTest, ClaudeDesktopDockerEntryTakesItsEnv) {
  ClientConfig config = imported("claude_desktop_config.json");
  EXPECT_EQ(config.format, ClientFormat::kMcpServers);
  ServerSpec github = spec_of(config, "github");
  EXPECT_EQ(github.name, "github");
  EXPECT_EQ(github.image, "ghcr.io/github/github-mcp-server");
  ASSERT_EQ(github.secrets.size(), 1u);
  EXPECT_EQ(github.secrets[0].name, "github-personal-access-token");
  EXPECT_EQ(server(config, "github").draft->secrets[0].value,
            "ghp_fixtureFIXTUREfixture0123456789");
  EXPECT_EQ(spec_text(config, "github").find("ghp_fixture"), std::string::npos);
  EXPECT_EQ(spec_of(config, "postgres").args,
            std::vector<std::string>{"postgresql://host.docker.internal:5432/mydb"});
}

TEST(ClientConfigTest, NpxEntriesRunOnTheNodeImage) {
  ClientConfig config = imported("claude_desktop_config.json");
  ServerSpec filesystem = spec_of(config, "filesystem");
  EXPECT_EQ(filesystem.image, kNodeImage);
  EXPECT_EQ(filesystem.command, std::vector<std::string>{"npx"});
  EXPECT_EQ(filesystem.args,
            (std::vector<std::string>{"-y", "@modelcontextprotocol/server-filesystem",
                                      "/Users/username/Desktop", "/Users/username/Downloads"}));
  ASSERT_EQ(filesystem.volumes.size(), 2u);
  EXPECT_EQ(filesystem.volumes[0],
            (VolumeMount{"/Users/username/Desktop", "/Users/username/Desktop", false, false}));
  EXPECT_EQ(filesystem.network, "bridge");
  std::string text = spec_text(config, "filesystem");
  EXPECT_NE(text.find("# needs the network at start: npx fetches "
                      "@modelcontextprotocol/server-filesystem from npm"),
            std::string::npos)
      << text;
  ServerSpec brave = spec_of(config, "brave-search");
  ASSERT_EQ(brave.secrets.size(), 1u);
  EXPECT_EQ(brave.secrets[0].env, "BRAVE_API_KEY");
  EXPECT_EQ(spec_text(config, "brave-search").find("BSA-fixture"), std::string::npos);
}

TEST(ClientConfigTest, UvxEntriesRunOnTheUvImage) {
  ClientConfig config = imported("claude_desktop_config.json");
  ServerSpec time = spec_of(config, "time");
  EXPECT_EQ(time.image, kUvImage);
  EXPECT_EQ(time.command, std::vector<std::string>{"uvx"});
  EXPECT_EQ(time.args,
            (std::vector<std::string>{"mcp-server-time", "--local-timezone=America/New_York"}));
  EXPECT_EQ(spec_of(config, "fetch").args, std::vector<std::string>{"mcp-server-fetch"});
}

TEST(ClientConfigTest, LocalProgramsAreNotImported) {
  ClientConfig config = imported("claude_desktop_config.json");
  EXPECT_EQ(server(config, "weather").error,
            "mcpServers.weather.command: \"node\" runs a program on this machine; berth runs "
            "servers from images (build one, then berth import docker-run)");
}

TEST(ClientConfigTest, CursorRemoteSkippedAndRefusalsPerEntry) {
  ClientConfig config = imported("cursor_mcp.json");
  EXPECT_EQ(server(config, "context7").skipped,
            "a remote server at https://mcp.context7.com/mcp; keep its entry in the client");
  EXPECT_EQ(server(config, "host-tools").error,
            "--privileged: refused: it gives the container every capability and the host's "
            "devices");
  EXPECT_EQ(spec_of(config, "everything").image, "mcp/everything");
  ServerSpec slack = spec_of(config, "slack");
  EXPECT_EQ(slack.env, (std::map<std::string, std::string>{{"SLACK_TEAM_ID", "T01234567"}}));
  ASSERT_EQ(slack.secrets.size(), 1u);
  EXPECT_EQ(slack.secrets[0].name, "slack-bot-token");
}

TEST(ClientConfigTest, VsCodeJsoncWithInputs) {
  ClientConfig config = imported("vscode_mcp.json");
  EXPECT_EQ(config.format, ClientFormat::kVsCode);
  const ConfigServer& perplexity = server(config, "Perplexity");
  ServerSpec spec = spec_of(config, "Perplexity");
  EXPECT_EQ(spec.name, "perplexity");
  EXPECT_EQ(perplexity.draft->name_note,
            "from the entry \"Perplexity\" (server names are lowercase)");
  ASSERT_EQ(spec.secrets.size(), 1u);
  EXPECT_EQ(spec.secrets[0].name, "perplexity-api-key");
  EXPECT_FALSE(perplexity.draft->secrets[0].value.has_value());
  EXPECT_EQ(perplexity.draft->secrets[0].note,
            "PERPLEXITY_API_KEY: the client asks the user for it (${input:perplexity-key})");
  EXPECT_EQ(server(config, "github").skipped,
            "a remote server at https://api.githubcopilot.com/mcp/; keep its entry in the client");
  EXPECT_EQ(spec_of(config, "fetch").resources.memory_bytes, 256 * 1024 * 1024);
  ServerSpec agent = spec_of(config, "fetch-agent");
  EXPECT_EQ(agent.args, (std::vector<std::string>{
                            "mcp-server-fetch", "--user-agent=https://example.com/*bot*/ // v1"}));
  EXPECT_EQ(agent.env.at("HOME_PAGE"), "https://example.com/a//b");
  EXPECT_EQ(agent.secrets[0].env, "PROXY_TOKEN");
}

TEST(ClientConfigTest, VsCodeUserSettings) {
  ClientConfig config = imported("vscode_settings.json");
  EXPECT_EQ(config.format, ClientFormat::kVsCodeSettings);
  EXPECT_EQ(spec_of(config, "memory").image, kNodeImage);
}

TEST(ClientConfigTest, WrongTypesAreErrorsOfTheirEntry) {
  ClientConfig config = imported("wrong_types.json");
  EXPECT_EQ(server(config, "args-not-list").error, "mcpServers.args-not-list.args: not a list");
  EXPECT_EQ(server(config, "arg-not-string").error,
            "mcpServers.arg-not-string.args[1]: not a string");
  EXPECT_EQ(server(config, "env-number").error,
            "mcpServers.env-number.env.PORT: write the value as a string");
  EXPECT_EQ(server(config, "not-object").error, "mcpServers.not-object: not an object");
  EXPECT_EQ(server(config, "nothing").error, "mcpServers.nothing: neither command nor url");
  EXPECT_EQ(server(config, "compose").error,
            "mcpServers.compose: only `docker run` entries can be imported");
}

TEST(ClientConfigTest, NoServersObject) {
  auto document = read_json_file(test::fixture_path("no_servers.json"));
  ASSERT_TRUE(document);
  EXPECT_EQ(import_client_config(**document, "no_servers.json", "/").error(),
            "no_servers.json: no mcpServers object (Claude Desktop, Cursor) and no servers object "
            "(VS Code)");
}

TEST(ClientConfigTest, ClashingNamesGetSuffixes) {
  auto document = parse_json_text(
      R"({"mcpServers": {"GitHub": {"command": "uvx", "args": ["a"]},
                         "github": {"command": "uvx", "args": ["b"]}}})",
      "x.json");
  ASSERT_TRUE(document);
  auto config = import_client_config(**document, "x.json", "/");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->servers[0].draft->name, "github");
  EXPECT_EQ(config->servers[1].draft->name, "github-2");
}

TEST(ClientConfigTest, AtMostAThousandServers) {
  std::string text = R"({"mcpServers": {)";
  for (size_t i = 0; i <= kMaxConfigServers; ++i) {
    text += (i ? "," : "") + std::string("\"s") + std::to_string(i) + R"(": {"url": "http://x"})";
  }
  text += "}}";
  auto document = parse_json_text(text, "many.json");
  ASSERT_TRUE(document) << document.error();
  EXPECT_EQ(import_client_config(**document, "many.json", "/").error(),
            "many.json: more than 1000 servers");
}

TEST(ClientSnippetTest, PointsEachEntryAtBerth) {
  EXPECT_EQ(
      client_snippet(ClientFormat::kMcpServers, {{"GitHub", "github"}}, "http://127.0.0.1:8080"),
      R"({
  "mcpServers": {
    "GitHub": {
      "type": "http",
      "url": "http://127.0.0.1:8080/mcp/github"
    }
  }
}
)");
  std::string vscode = client_snippet(ClientFormat::kVsCodeSettings, {{"a", "a"}}, "http://h:1");
  EXPECT_EQ(vscode.rfind("{\n  \"mcp\": {\n    \"servers\": {\n      \"a\": {", 0), 0u) << vscode;
}

}  // namespace
}  // namespace berth::specs::import
