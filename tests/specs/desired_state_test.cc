#include "specs/desired_state.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "specs/spec_loader.h"
#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

using test::error_lines_in;
using test::Lines;
using test::TempDir;

std::string spec(std::string_view name, std::string_view image) {
  return "apiVersion: berth/v1\nkind: MCPServer\nmetadata: {name: " + std::string(name) +
         "}\nspec: {image: " + std::string(image) + "}\n";
}

constexpr char kHalfWritten[] = "apiVersion: berth/v1\nkind: MCPServer\nspec: {image: mcp/ev";

// One reload of `dir`, as the reconciler does it.
DesiredState reload(const TempDir& dir, const DesiredState& previous) {
  return carry_over_invalid(previous, load_specs({dir.path()}));
}

std::set<std::string> names_of(const DesiredState& state) {
  std::set<std::string> names;
  for (const auto& [name, server] : state.servers) names.insert(name);
  return names;
}

TEST(DesiredStateTest, InvalidFileKeepsThePreviousSpec) {
  TempDir dir;
  dir.write("a.yaml", spec("a", "mcp/a:1"));
  DesiredState first = reload(dir, {});
  dir.write("a.yaml", kHalfWritten);
  DesiredState second = reload(dir, first);
  ASSERT_EQ(names_of(second), std::set<std::string>{"a"});
  EXPECT_EQ(second.servers.at("a").image, "mcp/a:1");
  EXPECT_EQ(error_lines_in(second.errors, dir.path()),
            Lines{"a.yaml:3:1: YAML syntax error: end of map flow not found"});
  EXPECT_EQ(second.invalid_files, std::set<std::string>{(dir.path() / "a.yaml").string()});
}

TEST(DesiredStateTest, SpecIsKeptThroughSeveralInvalidReloads) {
  TempDir dir;
  dir.write("a.yaml", spec("a", "mcp/a:1"));
  DesiredState state = reload(dir, {});
  dir.write("a.yaml", kHalfWritten);
  state = reload(dir, state);
  dir.write("a.yaml", "");
  state = reload(dir, state);
  ASSERT_EQ(names_of(state), std::set<std::string>{"a"});
  EXPECT_EQ(state.servers.at("a").image, "mcp/a:1");
}

TEST(DesiredStateTest, ValidChangeReplacesTheSpec) {
  TempDir dir;
  dir.write("a.yaml", spec("a", "mcp/a:1"));
  DesiredState first = reload(dir, {});
  dir.write("a.yaml", spec("a", "mcp/a:2"));
  DesiredState second = reload(dir, first);
  ASSERT_EQ(names_of(second), std::set<std::string>{"a"});
  EXPECT_EQ(second.servers.at("a").image, "mcp/a:2");
}

TEST(DesiredStateTest, DeletedFileDropsItsServer) {
  TempDir dir;
  dir.write("a.yaml", spec("a", "mcp/a:1"));
  dir.write("b.yaml", spec("b", "mcp/b:1"));
  DesiredState first = reload(dir, {});
  std::filesystem::remove(dir.path() / "a.yaml");
  DesiredState second = reload(dir, first);
  EXPECT_EQ(names_of(second), std::set<std::string>{"b"});
  EXPECT_TRUE(second.errors.empty());
}

TEST(DesiredStateTest, ValidRenameDropsTheOldName) {
  TempDir dir;
  dir.write("a.yaml", spec("old-name", "mcp/a:1"));
  DesiredState first = reload(dir, {});
  dir.write("a.yaml", spec("new-name", "mcp/a:1"));
  DesiredState second = reload(dir, first);
  EXPECT_EQ(names_of(second), std::set<std::string>{"new-name"});
}

TEST(DesiredStateTest, DuplicateIntroducedLaterKeepsTheOldOne) {
  TempDir dir;
  dir.write("a.yaml", spec("shared", "mcp/a:1"));
  DesiredState first = reload(dir, {});
  dir.write("b.yaml", spec("shared", "mcp/b:1"));
  DesiredState second = reload(dir, first);
  ASSERT_EQ(names_of(second), std::set<std::string>{"shared"});
  EXPECT_EQ(second.servers.at("shared").image, "mcp/a:1");
  EXPECT_EQ(second.servers.at("shared").source_file, (dir.path() / "a.yaml").string());
  EXPECT_EQ(
      error_lines_in(second.errors, dir.path()),
      (Lines{"a.yaml:3:18: metadata.name: server \"shared\" is also defined in b.yaml:3:18",
             "b.yaml:3:18: metadata.name: server \"shared\" is also defined in a.yaml:3:18"}));
}

TEST(DesiredStateTest, ValidDefinitionElsewhereWinsOverTheKeptSpec) {
  TempDir dir;
  dir.write("a.yaml", spec("moved", "mcp/a:1"));
  DesiredState first = reload(dir, {});
  dir.write("a.yaml", kHalfWritten);
  dir.write("b.yaml", spec("moved", "mcp/b:1"));
  DesiredState second = reload(dir, first);
  ASSERT_EQ(names_of(second), std::set<std::string>{"moved"});
  EXPECT_EQ(second.servers.at("moved").image, "mcp/b:1");
}

TEST(DesiredStateTest, InvalidNewFileAddsNothing) {
  TempDir dir;
  dir.write("a.yaml", spec("a", "mcp/a:1"));
  DesiredState first = reload(dir, {});
  dir.write("b.yaml", kHalfWritten);
  DesiredState second = reload(dir, first);
  EXPECT_EQ(names_of(second), std::set<std::string>{"a"});
  EXPECT_EQ(second.invalid_files, std::set<std::string>{(dir.path() / "b.yaml").string()});
}

TEST(DesiredStateTest, MissingDirectoryKeepsEveryServer) {
  TempDir dir;
  dir.write("a.yaml", spec("a", "mcp/a:1"));
  dir.write("b.yaml", spec("b", "mcp/b:1"));
  std::filesystem::path specs = dir.path() / "specs";
  std::filesystem::create_directory(specs);
  std::filesystem::rename(dir.path() / "a.yaml", specs / "a.yaml");
  std::filesystem::rename(dir.path() / "b.yaml", specs / "b.yaml");
  DesiredState first = carry_over_invalid({}, load_specs({specs.string() + "/"}));
  ASSERT_EQ(names_of(first), (std::set<std::string>{"a", "b"}));
  std::filesystem::rename(specs, dir.path() / "moved-away");
  DesiredState second = carry_over_invalid(first, load_specs({specs}));
  EXPECT_EQ(names_of(second), (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(error_lines_in(second.errors, dir.path()), Lines{"specs: no such file or directory"});
}

}  // namespace
}  // namespace berth::specs
