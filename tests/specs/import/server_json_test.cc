#include "specs/import/server_json.h"

#include <gtest/gtest.h>

#include "specs/import/json_file.h"
#include "specs/import/package_runners.h"
#include "tests/specs/import/import_test_util.h"

namespace berth::specs::import {
namespace {

using test::round_trip;

Result<SpecDraft> import_fixture(const std::string& name, Vars vars = {},
                                 std::string server_name = "") {
  auto document = read_json_file(test::fixture_path("server-json/" + name));
  if (!document) return document.error_value();
  return import_server_json(
      **document, ServerJsonInput{name, std::move(server_name), std::move(vars), "/home/me"});
}

SpecDraft imported(const std::string& name, Vars vars = {}) {
  auto draft = import_fixture(name, std::move(vars));
  if (!draft) {
    ADD_FAILURE() << draft.error();
    return SpecDraft{};
  }
  return *draft;
}

bool has_line(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST(ServerJsonTest, GithubRegistryEntry) {
  SpecDraft draft = imported("github-registry.json");
  ServerSpec spec = round_trip(draft);
  EXPECT_EQ(spec.name, "github-mcp-server");
  EXPECT_EQ(draft.name_note, "from the registry name io.github.github/github-mcp-server");
  EXPECT_EQ(spec.image, "ghcr.io/github/github-mcp-server:1.12.2");
  EXPECT_EQ(spec.transport.type, TransportType::kStdio);
  EXPECT_EQ(spec.env, (std::map<std::string, std::string>{{"GITHUB_OAUTH_CALLBACK_PORT", "8085"}}));
  ASSERT_EQ(spec.secrets.size(), 1u);
  EXPECT_EQ(spec.secrets[0].name, "github-personal-access-token");
  EXPECT_FALSE(draft.secrets[0].value.has_value());
  EXPECT_TRUE(has_line(draft.header,
                       "Dropped -p 127.0.0.1:8085:8085: a stdio server needs no "
                       "port."));
  EXPECT_EQ(draft.header[0],
            "Imported by berth import server-json from github-registry.json: "
            "io.github.github/github-mcp-server 1.12.2 (its oci package).");
}

TEST(ServerJsonTest, GivenSecretsStayOutOfTheSpec) {
  SpecDraft draft = imported("github-registry.json", {{"token", "ghp_given"}});
  EXPECT_EQ(draft.secrets[0].value, "ghp_given");
  EXPECT_EQ(write_spec(draft).find("ghp_given"), std::string::npos);
}

// The file in github/github-mcp-server lists `run` and the image among the docker arguments.
TEST(ServerJsonTest, GithubRepositoryTemplateWithRunAndImage) {
  SpecDraft draft = imported("github-repo-template.json");
  ServerSpec spec = round_trip(draft);
  EXPECT_EQ(spec.image, "ghcr.io/github/github-mcp-server:0.20.2");
  EXPECT_FALSE(spec.args.has_value());
  EXPECT_EQ(spec.secrets[0].env, "GITHUB_PERSONAL_ACCESS_TOKEN");
  EXPECT_TRUE(has_line(draft.header,
                       "Skipped the runtime argument \"run\": berth runs the "
                       "package's image itself."));
  EXPECT_TRUE(has_line(draft.header,
                       "Skipped the runtime argument "
                       "\"ghcr.io/github/github-mcp-server\": berth runs the "
                       "package's image itself."));
  EXPECT_TRUE(has_line(draft.header,
                       "Dropped --rm: berth removes and replaces its containers "
                       "itself."));
}

TEST(ServerJsonTest, FilesystemPrefersTheImageAndNeedsItsSourcePath) {
  auto missing = import_fixture("filesystem.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(),
            "filesystem.json: required values are missing; give each with --var NAME=VALUE:\n"
            "  source_path (Source path on host)");
  SpecDraft draft = imported("filesystem.json", {{"source_path", "/home/me/projects"}});
  ServerSpec spec = round_trip(draft);
  EXPECT_EQ(spec.image, "docker.io/mcp/filesystem:1.0.2");
  ASSERT_EQ(spec.volumes.size(), 1u);
  EXPECT_EQ(spec.volumes[0], (VolumeMount{"/home/me/projects", "/project", false, false}));
  EXPECT_EQ(spec.args, std::vector<std::string>{"/project"});
  EXPECT_EQ(spec.env, (std::map<std::string, std::string>{{"LOG_LEVEL", "info"}}));
}

TEST(ServerJsonTest, IsolationWeakeningRuntimeArgumentsAreRefused) {
  auto draft =
      import_fixture("database-manager.json",
                     {{"db_type", "postgres"}, {"database_name", "app"}, {"DB_USERNAME", "app"}});
  ASSERT_FALSE(draft);
  EXPECT_EQ(draft.error(),
            "database-manager.json: runtimeArguments: --network: host is refused: it shares the "
            "host's network stack and ports");
}

TEST(ServerJsonTest, RefusalsComeBeforeMissingValues) {
  EXPECT_EQ(import_fixture("database-manager.json").error(),
            "database-manager.json: runtimeArguments: --network: host is refused: it shares the "
            "host's network stack and ports");
}

TEST(ServerJsonTest, EveryMissingValueIsNamed) {
  std::string text = test::read_fixture("server-json/database-manager.json");
  std::string network = R"({ "type": "named", "name": "--network", "value": "host", )"
                        R"("description": "Use host network mode" },)";
  ASSERT_NE(text.find(network), std::string::npos);
  text.erase(text.find(network), network.size());
  auto document = parse_json_text(text, "database-manager.json");
  ASSERT_TRUE(document) << document.error();
  auto draft =
      import_server_json(**document, ServerJsonInput{"database-manager.json", "", {}, "/"});
  ASSERT_FALSE(draft);
  EXPECT_EQ(draft.error(),
            "database-manager.json: required values are missing; give each with --var "
            "NAME=VALUE:\n"
            "  DB_USERNAME (Database username)\n"
            "  db_type (Type of database)\n"
            "  database_name (Name of the database to connect to)");
}

TEST(ServerJsonTest, DatabaseManagerWithItsValues) {
  std::string text = test::read_fixture("server-json/database-manager.json");
  text.replace(text.find("\"value\": \"host\""), 15, "\"value\": \"dbnet\"");
  auto document = parse_json_text(text, "database-manager.json");
  ASSERT_TRUE(document) << document.error();
  auto draft = import_server_json(**document, ServerJsonInput{"database-manager.json",
                                                              "",
                                                              {{"db_type", "postgres"},
                                                               {"database_name", "app"},
                                                               {"DB_USERNAME", "app"},
                                                               {"DB_PASSWORD", "pw-given"}},
                                                              "/"});
  ASSERT_TRUE(draft) << draft.error();
  ServerSpec spec = round_trip(*draft);
  EXPECT_EQ(spec.network, "dbnet");
  EXPECT_EQ(spec.args, (std::vector<std::string>{"--host", "localhost", "app"}));
  EXPECT_EQ(spec.env,
            (std::map<std::string, std::string>{
                {"DB_TYPE", "postgres"}, {"DB_USERNAME", "app"}, {"SSL_MODE", "prefer"}}));
  ASSERT_EQ(spec.secrets.size(), 1u);
  EXPECT_EQ(draft->secrets[0].value, "pw-given");
  EXPECT_EQ(write_spec(*draft).find("pw-given"), std::string::npos);
  EXPECT_TRUE(has_line(draft->header,
                       "Left out the optional packageArguments[1] (--port): it has no value."));
}

TEST(ServerJsonTest, PypiPackageRunsOnUvx) {
  SpecDraft draft = imported("weather-pypi.json");
  ServerSpec spec = round_trip(draft);
  EXPECT_EQ(spec.name, "weather-mcp");
  EXPECT_EQ(spec.image, kUvImage);
  EXPECT_EQ(spec.args, std::vector<std::string>{"weather-mcp-server==0.5.0"});
  EXPECT_EQ(spec.env, (std::map<std::string, std::string>{{"WEATHER_UNITS", "celsius"}}));
  ASSERT_EQ(spec.secrets.size(), 1u);
  EXPECT_EQ(spec.secrets[0].name, "weather-api-key");
  EXPECT_EQ(draft.secrets[0].note, "WEATHER_API_KEY: API key for weather service");
}

TEST(ServerJsonTest, NpmPackageRunsOnNpx) {
  ServerSpec spec = round_trip(imported("brave-search-npm.json"));
  EXPECT_EQ(spec.image, kNodeImage);
  EXPECT_EQ(spec.args,
            (std::vector<std::string>{"-y", "@modelcontextprotocol/server-brave-search@1.0.2"}));
  EXPECT_EQ(spec.secrets[0].env, "BRAVE_API_KEY");
}

TEST(ServerJsonTest, RegistryApiItem) {
  SpecDraft draft = imported("registry-api-item.json");
  ServerSpec spec = round_trip(draft);
  EXPECT_EQ(spec.name, "spotdb");
  EXPECT_EQ(spec.image, "docker.io/aliengiraffe/spotdb:0.1.0");
  EXPECT_EQ(spec.env, (std::map<std::string, std::string>{{"SPOTDB_LOG_LEVEL", "info"}}));
  EXPECT_EQ(spec.secrets[0].name, "spotdb-api-key");
}

TEST(ServerJsonTest, HttpTransportPortAndPathFromItsUrl) {
  SpecDraft draft = imported("http-oci.json");
  ServerSpec spec = round_trip(draft);
  EXPECT_EQ(spec.transport, (Transport{TransportType::kStreamableHttp, 8931, "/v1/mcp"}));
  EXPECT_EQ(spec.args, (std::vector<std::string>{"--transport", "http"}));
  EXPECT_EQ(spec.env.at("PORT"), "8931");
  ServerSpec other_port = round_trip(imported("http-oci.json", {{"PORT", "9000"}}));
  EXPECT_EQ(other_port.transport.port, 9000);
  EXPECT_EQ(other_port.env.at("PORT"), "9000");
}

TEST(ServerJsonTest, NothingToRun) {
  EXPECT_EQ(import_fixture("remote-only.json").error(),
            "remote-only.json: io.modelcontextprotocol.anonymous/mcp-fs is a remote server "
            "(https://mcp-fs.anonymous.modelcontextprotocol.io/http): there is nothing to run; "
            "point your client at it");
  EXPECT_EQ(import_fixture("mcpb-only.json").error(),
            "mcpb-only.json: no package berth can run (mcpb): berth runs OCI images, and npm and "
            "PyPI packages through npx and uvx");
}

TEST(ServerJsonTest, NameOption) {
  EXPECT_EQ(import_fixture("weather-pypi.json", {}, "weather")->name, "weather");
  EXPECT_EQ(import_fixture("weather-pypi.json", {}, "Weather").error(),
            "--name \"Weather\" is not a valid server name (lowercase letters, digits and '-', "
            "1-63 characters, not starting or ending with '-')");
}

TEST(ServerJsonTest, MalformedEntries) {
  auto parse = [](std::string_view text) {
    auto document = parse_json_text(text, "x.json");
    if (!document) return document.error();
    auto draft = import_server_json(**document, ServerJsonInput{"x.json", "", {}, "/"});
    return draft ? std::string("no error") : draft.error();
  };
  EXPECT_EQ(parse("[]"), "x.json: not a server.json entry (no name)");
  EXPECT_EQ(parse(R"({"name": "a/b"})"), "x.json: a/b has no packages");
  EXPECT_EQ(parse(R"({"name": "a/b", "packages": [{"registryType": "oci",
                      "identifier": "ghcr.io/o/p:${VERSION}"}]})"),
            "x.json: the package's identifier \"ghcr.io/o/p:${VERSION}\" is not an image "
            "reference berth can pull");
  EXPECT_EQ(parse(R"({"name": "a/b", "packages": [{"registryType": "oci", "identifier": "o/p:1",
                      "packageArguments": [{"type": "named", "name": "--key",
                      "variables": {"k": {"isSecret": true}}, "value": "{k}"}]}]})"),
            "x.json: packageArguments[0] (--key) takes a secret on the command line, where a spec "
            "would hold it; berth passes secrets only as environment variables");
  EXPECT_EQ(parse(R"({"name": "a/b", "packages": [{"registryType": "oci", "identifier": "o/p:1",
                      "transport": {"type": "streamable-http", "url": "http://localhost:{port}/mcp"}
                      }]})"),
            "x.json: the transport URL \"http://localhost:{port}/mcp\" does not tell the server's "
            "port; give it with --var");
  EXPECT_EQ(parse(R"({"name": "a/b", "packages": [{"registryType": "oci", "identifier": "o/p:1",
                      "environmentVariables": [{"name": "1X"}]}]})"),
            "x.json: environmentVariables[0]: \"1X\" is not a valid environment variable name");
}

}  // namespace
}  // namespace berth::specs::import
