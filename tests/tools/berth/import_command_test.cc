// berth import end to end, as a user runs it: the files it writes, what it prints, and that
// `berth run` would load every spec it made.
#include "tools/berth/import_command.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "specs/spec_loader.h"
#include "specs/spec_parser.h"
#include "tests/specs/spec_test_util.h"

namespace berth::cli {
namespace {

namespace fs = std::filesystem;
using specs::test::TempDir;

const fs::path kFixtures = fs::path(BERTH_SOURCE_DIR) / "tests/specs/import/fixtures";

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct ImportRun {
  int status;
  std::string out;
  std::string err;
};

ImportRun run_import(const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  int status = import_command(args);
  std::string out = ::testing::internal::GetCapturedStdout();
  return ImportRun{status, out, ::testing::internal::GetCapturedStderr()};
}

TEST(ImportCommandTest, ClientConfigWritesSpecsBerthLoads) {
  TempDir temp;
  fs::path out = temp.path() / "mcp-specs";
  fs::path secrets = temp.path() / "secrets";
  ImportRun run = run_import({"client-config", (kFixtures / "claude_desktop_config.json").string(),
                              "--out", out.string(), "--secrets", secrets.string()});
  EXPECT_EQ(run.status, 1) << run.err;  // the `node` entry cannot be imported
  EXPECT_NE(run.err.find("weather: not imported: mcpServers.weather.command"), std::string::npos);
  specs::DesiredState state = specs::load_specs({out});
  EXPECT_TRUE(state.errors.empty()) << specs::errors_to_json(state.errors);
  EXPECT_EQ(state.servers.size(), 6u);
  for (const auto& entry : fs::directory_iterator(out)) {
    std::string text = contents(entry.path());
    EXPECT_EQ(text.find("ghp_fixture"), std::string::npos) << entry.path();
    EXPECT_EQ(text.find("BSA-fixture"), std::string::npos) << entry.path();
  }
  EXPECT_EQ(contents(secrets / "github-personal-access-token"),
            "ghp_fixtureFIXTUREfixture0123456789");
  struct stat info {};
  ASSERT_EQ(::stat((secrets / "brave-api-key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_NE(run.out.find("\"url\": \"http://127.0.0.1:8080/mcp/brave-search\""), std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("weather"), std::string::npos);
}

TEST(ImportCommandTest, ClientConfigNeverOverwrites) {
  TempDir temp;
  fs::path out = temp.path() / "specs";
  temp.write("specs/github.yaml", "mine");
  temp.write("secrets/github-personal-access-token", "an older token");
  std::vector<std::string> args = {
      "client-config", (kFixtures / "claude_desktop_config.json").string(),
      "--out",         out.string(),
      "--secrets",     (temp.path() / "secrets").string(),
      "--listen",      "127.0.0.1:9000"};
  ImportRun first = run_import(args);
  EXPECT_NE(first.err.find("github: not imported: " + (out / "github.yaml").string() +
                           " exists; it is not overwritten"),
            std::string::npos)
      << first.err;
  EXPECT_EQ(contents(out / "github.yaml"), "mine");
  EXPECT_EQ(contents(temp.path() / "secrets/github-personal-access-token"), "an older token");
  EXPECT_NE(first.out.find("http://127.0.0.1:9000/mcp/time"), std::string::npos);
  std::string time_spec = contents(out / "time.yaml");
  ImportRun second = run_import(args);
  EXPECT_EQ(second.status, 1);
  EXPECT_NE(second.err.find("time: not imported"), std::string::npos);
  EXPECT_EQ(contents(out / "time.yaml"), time_spec);
  EXPECT_EQ(second.out, "");  // nothing new points at berth
}

TEST(ImportCommandTest, DockerRunPrintsASpecAndWhatToCreate) {
  ImportRun run = run_import({"docker-run", "--", "docker", "run", "-i", "--rm", "-e",
                              "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"});
  ASSERT_EQ(run.status, 0) << run.err;
  specs::ParsedFile parsed =
      specs::parse_spec(run.out, specs::SpecSource{"github.yaml", "github", "/"});
  ASSERT_TRUE(parsed.spec) << run.out;
  EXPECT_EQ(parsed.spec->name, "github-mcp-server");
  EXPECT_EQ(run.err,
            "berth import: github-mcp-server: create secrets/github-personal-access-token holding "
            "GITHUB_PERSONAL_ACCESS_TOKEN's value (mode 0600, no trailing newline)\n");
}

TEST(ImportCommandTest, DockerRunWritesGivenSecretsOnlyWhenAsked) {
  TempDir temp;
  ImportRun named = run_import({"docker-run", "--", "-i", "-e", "API_KEY=k-1", "img"});
  ASSERT_EQ(named.status, 0) << named.err;
  EXPECT_EQ(named.out.find("k-1"), std::string::npos);
  ImportRun written = run_import({"docker-run", "--secrets", temp.path().string(), "--name", "tool",
                                  "--", "-i", "-e", "API_KEY=k-1", "img"});
  ASSERT_EQ(written.status, 0) << written.err;
  EXPECT_EQ(contents(temp.path() / "api-key"), "k-1");
  EXPECT_EQ(written.err, "");
}

TEST(ImportCommandTest, ServerJsonPrintsASpec) {
  TempDir temp;
  ImportRun run = run_import({"server-json", (kFixtures / "server-json/filesystem.json").string(),
                              "--var", "source_path=" + temp.path().string(), "--name", "files"});
  ASSERT_EQ(run.status, 0) << run.err;
  specs::ParsedFile parsed =
      specs::parse_spec(run.out, specs::SpecSource{"files.yaml", "files", "/"});
  ASSERT_TRUE(parsed.spec) << run.out;
  EXPECT_EQ(parsed.spec->name, "files");
  EXPECT_EQ(parsed.spec->volumes[0].source, temp.path().string());
  ImportRun secret =
      run_import({"server-json", (kFixtures / "server-json/weather-pypi.json").string(),
                  "--secrets", temp.path().string(), "--var", "WEATHER_API_KEY=w-123"});
  ASSERT_EQ(secret.status, 0) << secret.err;
  EXPECT_EQ(secret.out.find("w-123"), std::string::npos);
  EXPECT_EQ(contents(temp.path() / "weather-api-key"), "w-123");
  ImportRun bad_var = run_import({"server-json", "x.json", "--var", "novalue"});
  EXPECT_EQ(bad_var.status, 2);
  EXPECT_EQ(bad_var.err.rfind("berth import server-json: --var novalue: expected KEY=VALUE\n", 0),
            0u);
  ImportRun remote =
      run_import({"server-json", (kFixtures / "server-json/remote-only.json").string()});
  EXPECT_EQ(remote.status, 1);
  EXPECT_NE(remote.err.find("is a remote server"), std::string::npos);
}

TEST(ImportCommandTest, UsageAndRefusals) {
  EXPECT_EQ(run_import({}).status, 2);
  EXPECT_EQ(run_import({"docker-compose"}).status, 2);
  EXPECT_EQ(run_import({"docker-run"}).status, 2);
  EXPECT_EQ(run_import({"docker-run", "-i", "img"}).status, 2);  // docker's options after `--`
  ImportRun refused = run_import({"docker-run", "--", "-i", "--privileged", "img"});
  EXPECT_EQ(refused.status, 1);
  EXPECT_EQ(refused.err,
            "berth import docker-run: --privileged: refused: it gives the container every "
            "capability and the host's devices\n");
  EXPECT_EQ(refused.out, "");
  ImportRun missing = run_import({"client-config", "/nonexistent/mcp.json"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(
      missing.err.rfind("berth import client-config: /nonexistent/mcp.json: cannot be read", 0),
      0u);
}

}  // namespace
}  // namespace berth::cli
