#include "specs/spec_dir.h"

#include <gtest/gtest.h>

#include <string>

#include "specs/spec_loader.h"
#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

using test::kHead;
using test::TempDir;

TEST(SpecDirTest, AnExistingDirectoryIsFine) {
  TempDir dir;
  EXPECT_TRUE(check_spec_dir(dir.path()).ok());
}

TEST(SpecDirTest, AMissingDirectoryIsAnErrorNamingIt) {
  TempDir dir;
  Status checked = check_spec_dir(dir.path() / "spces");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error(), "the spec directory '" + (dir.path() / "spces").string() +
                                 "' does not exist (--specs names another)");
}

TEST(SpecDirTest, AFileIsNotASpecDirectory) {
  TempDir dir;
  dir.write("a.yaml", kHead);
  Status checked = check_spec_dir(dir.path() / "a.yaml");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error(),
            "the spec path '" + (dir.path() / "a.yaml").string() + "' is not a directory");
}

TEST(SpecDirTest, ADirectoryWithoutSpecFilesIsHeldUnlessAnEmptyOneIsMeant) {
  TempDir dir;
  dir.write("server_spec.h", "#pragma once\n");  // the C++ source folder `specs/`, say
  DesiredState held = load_specs({dir.path()});
  hold_if_untrusted(held, dir.path(), false);
  EXPECT_NE(held.hold_reason.find("holds no spec file; every server of this instance keeps "
                                  "running (--allow-empty if an empty directory is meant)"),
            std::string::npos)
      << held.hold_reason;
  DesiredState meant = load_specs({dir.path()});
  hold_if_untrusted(meant, dir.path(), true);
  EXPECT_EQ(meant.hold_reason, "");
}

TEST(SpecDirTest, ADirectoryWithOnlyAnInvalidFileIsNotEmpty) {
  TempDir dir;
  dir.write("a.yaml", "apiVersion: [");
  DesiredState state = load_specs({dir.path()});
  hold_if_untrusted(state, dir.path(), false);
  EXPECT_EQ(state.hold_reason, "");  // the invalid file holds its own servers
}

TEST(SpecDirTest, ADirectoryThatWentAwayHoldsEverything) {
  TempDir dir;
  std::filesystem::path gone = dir.path() / "specs";
  DesiredState state = load_specs({gone});
  hold_if_untrusted(state, gone, true);  // even where an empty directory would be believed
  EXPECT_EQ(state.hold_reason, "the spec directory '" + gone.string() +
                                   "' does not exist (--specs names another); every server of "
                                   "this instance keeps running");
}

TEST(SpecDirTest, AHeldStateCarriesOverEveryPreviousServer) {
  TempDir dir;
  dir.write("a.yaml", std::string(kHead));
  DesiredState first = load_specs({dir.path()});
  ASSERT_EQ(first.servers.size(), 1u);
  std::filesystem::remove(dir.path() / "a.yaml");
  DesiredState empty = load_specs({dir.path()});
  hold_if_untrusted(empty, dir.path(), false);
  EXPECT_EQ(carry_over_invalid(first, empty).servers.count("a"), 1u);
  DesiredState meant = load_specs({dir.path()});
  hold_if_untrusted(meant, dir.path(), true);
  EXPECT_EQ(carry_over_invalid(first, meant).servers.count("a"), 0u);
}

}  // namespace
}  // namespace berth::specs
