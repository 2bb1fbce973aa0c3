#include "specs/import/import_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/specs/spec_test_util.h"

namespace berth::specs::import {
namespace {

using specs::test::TempDir;

std::string contents(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int mode_of(const std::filesystem::path& file) {
  struct stat info {};
  EXPECT_EQ(::stat(file.c_str(), &info), 0) << file;
  return static_cast<int>(info.st_mode & 0777);
}

SpecDraft draft_with(std::optional<std::string> value) {
  SpecDraft draft;
  draft.name = "github";
  draft.secrets.push_back({"github-token", "GITHUB_TOKEN", std::move(value), "from the config"});
  return draft;
}

TEST(ImportFilesTest, KnownValuesAreWrittenPrivately) {
  TempDir temp;
  SecretsDir dir{temp.path() / "secrets", "secrets", true};
  SpecDraft draft = draft_with("ghp_1");
  ASSERT_TRUE(plan_secrets(draft, dir));
  EXPECT_EQ(draft.secrets[0].note, "from the config; written to secrets/github-token (mode 0600)");
  EXPECT_TRUE(draft.todo.empty());
  ASSERT_TRUE(write_secrets(draft, dir));
  EXPECT_EQ(contents(dir.path / "github-token"), "ghp_1");
  EXPECT_EQ(mode_of(dir.path / "github-token"), 0600);
  EXPECT_EQ(mode_of(dir.path), 0700);
}

TEST(ImportFilesTest, SameValueIsReusedOtherValueMovesAside) {
  TempDir temp;
  SecretsDir dir{temp.path(), "secrets", true};
  temp.write("github-token", "ghp_1");
  SpecDraft same = draft_with("ghp_1");
  ASSERT_TRUE(plan_secrets(same, dir));
  EXPECT_EQ(same.secrets[0].note, "from the config; secrets/github-token already holds it");
  SpecDraft other = draft_with("ghp_2");
  ASSERT_TRUE(plan_secrets(other, dir));
  EXPECT_EQ(other.secrets[0].name, "github-github-token");
  ASSERT_TRUE(write_secrets(other, dir));
  EXPECT_EQ(contents(temp.path() / "github-token"), "ghp_1");  // never overwritten
  EXPECT_EQ(contents(temp.path() / "github-github-token"), "ghp_2");
  temp.write("github-github-token", "ghp_3");
  SpecDraft third = draft_with("ghp_4");
  EXPECT_EQ(plan_secrets(third, dir).error(),
            "secret GITHUB_TOKEN: secrets/github-token and secrets/github-github-token both hold "
            "other values; move one away");
}

TEST(ImportFilesTest, UnknownValuesBecomeTodo) {
  TempDir temp;
  SpecDraft draft = draft_with(std::nullopt);
  ASSERT_TRUE(plan_secrets(draft, SecretsDir{temp.path(), "secrets", true}));
  EXPECT_EQ(draft.todo, std::vector<std::string>{
                            "github: create secrets/github-token holding GITHUB_TOKEN's value "
                            "(mode 0600, no trailing newline)"});
  ASSERT_TRUE(write_secrets(draft, SecretsDir{temp.path(), "secrets", true}));
  EXPECT_FALSE(std::filesystem::exists(temp.path() / "github-token"));
}

TEST(ImportFilesTest, WithoutWriteKnownValuesAreOnlyNamed) {
  TempDir temp;
  SecretsDir dir{temp.path(), "secrets", false};
  SpecDraft draft = draft_with("ghp_1");
  ASSERT_TRUE(plan_secrets(draft, dir));
  ASSERT_TRUE(write_secrets(draft, dir));
  EXPECT_FALSE(std::filesystem::exists(temp.path() / "github-token"));
  EXPECT_EQ(draft.todo[0],
            "github: create secrets/github-token holding the value given for GITHUB_TOKEN (mode "
            "0600, no trailing newline)");
}

TEST(ImportFilesTest, NewFilesNeverOverwrite) {
  TempDir temp;
  std::filesystem::path file = temp.write("a.yaml", "old");
  EXPECT_EQ(write_new_file(file, "new", 0644).error(),
            file.string() + " exists; it is not overwritten");
  EXPECT_EQ(contents(file), "old");
  ASSERT_TRUE(write_new_file(temp.path() / "b.yaml", "new", 0644));
  EXPECT_EQ(contents(temp.path() / "b.yaml"), "new");
}

}  // namespace
}  // namespace berth::specs::import
