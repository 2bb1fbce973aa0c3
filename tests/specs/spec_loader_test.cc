#include "specs/spec_loader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <set>
#include <string>

#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

namespace fs = std::filesystem;
using test::error_lines_in;
using test::kHead;
using test::Lines;
using test::TempDir;

// A valid spec whose metadata.name is at 3:18.
std::string spec_named(std::string_view name) {
  return "apiVersion: berth/v1\nkind: MCPServer\nmetadata: {name: " + std::string(name) +
         "}\nspec: {image: mcp/everything}\n";
}

constexpr char kBroken[] = "apiVersion: [\n";

std::set<std::string> names_of(const DesiredState& state) {
  std::set<std::string> names;
  for (const auto& [name, spec] : state.servers) names.insert(name);
  return names;
}

TEST(SpecLoaderTest, SpecFileNamesEndInYamlOrYml) {
  for (const char* name : {"a.yaml", "a.yml", "github-2.yaml", "a.b.yaml", "A.yml"}) {
    EXPECT_TRUE(is_spec_file_name(name)) << name;
  }
}

TEST(SpecLoaderTest, DotfilesEditorFilesAndOtherExtensionsAreNotSpecFiles) {
  for (const char* name :
       {"", ".yaml", ".a.yaml", ".#a.yaml", "a.yaml~", ".a.yaml.swp", "a.yaml.swp", "a.yaml.tmp",
        "a.tmp", "a~", "a.json", "a.YAML", "yaml", "a.yaml.bak", "README.md"}) {
    EXPECT_FALSE(is_spec_file_name(name)) << name;
  }
}

TEST(SpecLoaderTest, DirectoryLoadsYamlAndYmlFiles) {
  TempDir dir;
  dir.write("everything.yaml", kHead);
  dir.write("github.yml", kHead);
  DesiredState state = load_specs({dir.path()});
  EXPECT_EQ(error_lines_in(state.errors, dir.path()), Lines{});
  EXPECT_EQ(names_of(state), (std::set<std::string>{"everything", "github"}));
  EXPECT_EQ(state.servers.at("github").source_file, (dir.path() / "github.yml").string());
  EXPECT_EQ(state.files_read, 2u);
  EXPECT_TRUE(state.invalid_files.empty());
}

TEST(SpecLoaderTest, DirectorySkipsDotfilesAndEditorFiles) {
  TempDir dir;
  dir.write("everything.yaml", kHead);
  // Each would be an error if it were read.
  for (const char* name :
       {".hidden.yaml", ".#everything.yaml", "everything.yaml~", ".everything.yaml.swp",
        "everything.yaml.tmp", "notes.txt", "everything.json"}) {
    dir.write(name, kBroken);
  }
  DesiredState state = load_specs({dir.path()});
  EXPECT_EQ(error_lines_in(state.errors, dir.path()), Lines{});
  EXPECT_EQ(names_of(state), std::set<std::string>{"everything"});
  EXPECT_EQ(state.files_read, 1u);
}

TEST(SpecLoaderTest, DirectorySkipsSubdirectories) {
  TempDir dir;
  dir.write("everything.yaml", kHead);
  dir.write("old/github.yaml", kHead);
  dir.mkdir("looks-like-a.yaml");
  DesiredState state = load_specs({dir.path()});
  EXPECT_EQ(error_lines_in(state.errors, dir.path()), Lines{});
  EXPECT_EQ(names_of(state), std::set<std::string>{"everything"});
  EXPECT_EQ(state.files_read, 1u);
}

TEST(SpecLoaderTest, EmptyDirectoryHasNoServersAndNoErrors) {
  TempDir dir;
  DesiredState state = load_specs({dir.path()});
  EXPECT_TRUE(state.servers.empty());
  EXPECT_TRUE(state.errors.empty());
  EXPECT_EQ(state.files_read, 0u);
}

TEST(SpecLoaderTest, ExplicitFileIsReadWhateverItsName) {
  TempDir dir;
  fs::path text = dir.write("github.txt", kHead);
  fs::path hidden = dir.write(".draft.yaml", spec_named("draft"));
  DesiredState state = load_specs({text, hidden});
  EXPECT_EQ(error_lines_in(state.errors, dir.path()), Lines{});
  EXPECT_EQ(names_of(state), (std::set<std::string>{"draft", "github"}));
  EXPECT_EQ(state.files_read, 2u);
}

TEST(SpecLoaderTest, FilesAndDirectoriesCombine) {
  TempDir dir;
  dir.write("specs/everything.yaml", kHead);
  fs::path extra = dir.write("extra/github.yaml", kHead);
  DesiredState state = load_specs({dir.path() / "specs", extra});
  EXPECT_EQ(error_lines_in(state.errors, dir.path()), Lines{});
  EXPECT_EQ(names_of(state), (std::set<std::string>{"everything", "github"}));
}

TEST(SpecLoaderTest, FileNamedTwiceIsReadOnce) {
  TempDir dir;
  fs::path file = dir.write("everything.yaml", kHead);
  DesiredState state = load_specs({dir.path(), file, dir.path() / "." / "everything.yaml"});
  EXPECT_EQ(error_lines_in(state.errors, dir.path()), Lines{});
  EXPECT_EQ(names_of(state), std::set<std::string>{"everything"});
  EXPECT_EQ(state.files_read, 1u);
}

TEST(SpecLoaderTest, MissingPathIsAnErrorBesideTheOthers) {
  TempDir dir;
  fs::path file = dir.write("everything.yaml", kHead);
  DesiredState state = load_specs({dir.path() / "nope", file, dir.path() / "gone.yaml"});
  EXPECT_EQ(error_lines_in(state.errors, dir.path()),
            (Lines{"gone.yaml: no such file or directory", "nope: no such file or directory"}));
  EXPECT_EQ(names_of(state), std::set<std::string>{"everything"});
  EXPECT_EQ(state.invalid_files, (std::set<std::string>{(dir.path() / "gone.yaml").string(),
                                                        (dir.path() / "nope").string()}));
  EXPECT_EQ(state.files_read, 1u);
}

TEST(SpecLoaderTest, FileLargerThanOneMebibyteIsRefused) {
  TempDir dir;
  fs::path file =
      dir.write("big.yaml", std::string(kHead) + "# " + std::string(kMaxSpecFileBytes, 'x') + "\n");
  DesiredState state = load_specs({dir.path()});
  EXPECT_EQ(error_lines_in(state.errors, dir.path()),
            Lines{"big.yaml: the file is larger than 1 MiB; a spec is a few lines"});
  EXPECT_TRUE(state.servers.empty());
  EXPECT_EQ(state.invalid_files, std::set<std::string>{file.string()});
}

TEST(SpecLoaderTest, DuplicateNamesAcrossFilesNameBothFiles) {
  TempDir dir;
  dir.write("a.yaml", R"(apiVersion: berth/v1
kind: MCPServer
metadata:
  name: shared
spec:
  image: mcp/everything
)");
  dir.write("b.yaml", spec_named("shared"));
  dir.write("c.yaml", spec_named("other"));
  DesiredState state = load_specs({dir.path()});
  EXPECT_EQ(error_lines_in(state.errors, dir.path()),
            (Lines{"a.yaml:4:9: metadata.name: server \"shared\" is also defined in b.yaml:3:18",
                   "b.yaml:3:18: metadata.name: server \"shared\" is also defined in a.yaml:4:9"}));
  EXPECT_EQ(names_of(state), std::set<std::string>{"other"});
  EXPECT_EQ(state.invalid_files, (std::set<std::string>{(dir.path() / "a.yaml").string(),
                                                        (dir.path() / "b.yaml").string()}));
}

TEST(SpecLoaderTest, DuplicateOfAFileStemNamesItsFirstLine) {
  TempDir dir;
  dir.write("github.yaml", kHead);
  dir.write("other.yaml", spec_named("github"));
  DesiredState state = load_specs({dir.path()});
  EXPECT_EQ(
      error_lines_in(state.errors, dir.path()),
      (Lines{
          "github.yaml:1:1: metadata.name: server \"github\" is also defined in other.yaml:3:18",
          "other.yaml:3:18: metadata.name: server \"github\" is also defined in github.yaml:1:1"}));
  EXPECT_TRUE(state.servers.empty());
}

TEST(SpecLoaderTest, NameInThreeFilesIsAnErrorInEach) {
  TempDir dir;
  dir.write("a.yaml", spec_named("shared"));
  dir.write("b.yaml", spec_named("shared"));
  dir.write("c.yaml", spec_named("shared"));
  DesiredState state = load_specs({dir.path()});
  EXPECT_EQ(
      error_lines_in(state.errors, dir.path()),
      (Lines{"a.yaml:3:18: metadata.name: server \"shared\" is also defined in b.yaml:3:18",
             "b.yaml:3:18: metadata.name: server \"shared\" is also defined in a.yaml:3:18",
             "c.yaml:3:18: metadata.name: server \"shared\" is also defined in a.yaml:3:18"}));
  EXPECT_TRUE(state.servers.empty());
  EXPECT_EQ(state.invalid_files.size(), 3u);
}

TEST(SpecLoaderTest, InvalidFileNeverHidesTheValidOnesBesideIt) {
  TempDir dir;
  dir.write("a.yaml", kHead);
  dir.write("b.yaml", std::string(kHead) + "  pull: always\n");
  dir.write("c.yaml", kHead);
  DesiredState state = load_specs({dir.path()});
  EXPECT_EQ(error_lines_in(state.errors, dir.path()),
            Lines{"b.yaml:5:9: spec.pull: \"always\" is not one of IfNotPresent, Always, Never "
                  "(did you mean \"Always\"?)"});
  EXPECT_EQ(names_of(state), (std::set<std::string>{"a", "c"}));
  EXPECT_EQ(state.invalid_files, std::set<std::string>{(dir.path() / "b.yaml").string()});
  EXPECT_EQ(state.files_read, 3u);
}

TEST(SpecLoaderTest, RelativeVolumeSourceResolvesAgainstTheSpecFile) {
  TempDir dir;
  dir.write("specs/everything.yaml", std::string(kHead) + R"(  volumes:
    - {source: ./data, target: /data}
    - {source: ../shared, target: /shared}
)");
  DesiredState state = load_specs({dir.path() / "specs"});
  ASSERT_EQ(names_of(state), std::set<std::string>{"everything"});
  const std::vector<VolumeMount>& volumes = state.servers.at("everything").volumes;
  ASSERT_EQ(volumes.size(), 2u);
  EXPECT_EQ(volumes[0].source, (dir.path() / "specs" / "data").string());
  EXPECT_EQ(volumes[1].source, (dir.path() / "shared").string());
}

// The "done when" of the issue: a directory of valid files and one file per kind of error, all
// reported in one run, the valid servers still loaded.
TEST(SpecLoaderTest, MixedDirectoryReportsEveryErrorInOneRun) {
  TempDir dir;
  dir.write("everything.yaml", kHead);
  dir.write("github.yaml", std::string(kHead) + R"(  secrets:
    - {name: github-token, env: GITHUB_TOKEN}
)");
  dir.write("web.yml", std::string(kHead) + "  transport: {type: streamable-http, port: 3001}\n");
  dir.write("unknown-field.yaml", std::string(kHead) + "  comand: [node]\n");
  dir.write("wrong-type.yaml", std::string(kHead) + "  args: stdio\n");
  dir.write("missing-field.yaml", "apiVersion: berth/v1\nkind: MCPServer\nspec:\n  pull: Never\n");
  dir.write("bad-size.yaml", std::string(kHead) + "  resources: {memory: 512XB}\n");
  dir.write("bad-duration.yaml", std::string(kHead) + "  restart: {maxDelay: 5min}\n");
  dir.write("bad-cpus.yaml", std::string(kHead) + "  resources: {cpus: 2cores}\n");
  dir.write("bad-name.yaml", spec_named("Bad_Name"));
  dir.write("bad-enum.yaml", std::string(kHead) + "  pull: always\n");
  dir.write("none-http.yaml",
            std::string(kHead) + R"(  transport: {type: streamable-http, port: 3001}
  network: none
)");
  dir.write("missing-port.yaml", std::string(kHead) + "  transport: {type: sse}\n");
  dir.write("secret-neither.yaml", std::string(kHead) + "  secrets: [{name: github-token}]\n");
  dir.write("dup-a.yaml", spec_named("shared"));
  dir.write("dup-b.yaml", spec_named("shared"));
  dir.write("syntax.yaml", std::string(kHead) + "  env: {A: b\n");
  for (const char* skipped : {".#github.yaml", "github.yaml~", ".github.yaml.swp",
                              "github.yaml.tmp", ".hidden.yaml", "old/github.yaml"}) {
    dir.write(skipped, kBroken);
  }

  DesiredState state = load_specs({dir.path()});

  EXPECT_EQ(
      error_lines_in(state.errors, dir.path()),
      (Lines{
          "bad-cpus.yaml:5:21: spec.resources.cpus: \"2cores\" is not a CPU amount (try 0.5 or "
          "500m)",
          "bad-duration.yaml:5:23: spec.restart.maxDelay: \"5min\" is not a duration (try 5m)",
          "bad-enum.yaml:5:9: spec.pull: \"always\" is not one of IfNotPresent, Always, Never (did "
          "you mean \"Always\"?)",
          "bad-name.yaml:3:18: metadata.name: \"Bad_Name\" is not a valid server name (lowercase "
          "letters, digits and '-', 1-63 characters, not starting or ending with '-')",
          "bad-size.yaml:5:23: spec.resources.memory: \"512XB\" is not a size (try 512Mi)",
          "dup-a.yaml:3:18: metadata.name: server \"shared\" is also defined in dup-b.yaml:3:18",
          "dup-b.yaml:3:18: metadata.name: server \"shared\" is also defined in dup-a.yaml:3:18",
          "missing-field.yaml:4:3: spec.image: missing required field",
          "missing-port.yaml:5:14: spec.transport.port: missing required field (the container "
          "port that sse listens on)",
          "none-http.yaml:6:12: spec.network: \"none\" cannot be used with transport "
          "streamable-http: berth reaches it through a published port",
          "secret-neither.yaml:5:13: spec.secrets[0]: secret \"github-token\" needs env (an "
          "environment variable) or path (a file in the container)",
          "syntax.yaml:6:1: YAML syntax error: end of map flow not found",
          "unknown-field.yaml:5:3: spec.comand: unknown field (did you mean \"command\"?)",
          "wrong-type.yaml:5:9: spec.args: expected a list, got \"stdio\"",
      }));
  EXPECT_EQ(names_of(state), (std::set<std::string>{"everything", "github", "web"}));
  EXPECT_EQ(state.files_read, 17u);
  EXPECT_EQ(state.invalid_files.size(), 14u);
}

TEST(SpecLoaderTest, NonRegularFileIsReportedNotOpened) {
  TempDir dir;
  ASSERT_EQ(mkfifo((dir.path() / "pipe.yaml").c_str(), 0600), 0);  // opening it would block
  DesiredState state = load_specs({dir.path()});
  EXPECT_EQ(error_lines_in(state.errors, dir.path()), Lines{"pipe.yaml: not a regular file"});
  EXPECT_TRUE(state.servers.empty());
}

}  // namespace
}  // namespace berth::specs
