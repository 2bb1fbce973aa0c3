#include "tools/berth/secrets_exposure.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "tests/tools/child_process.h"

namespace berth::cli {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class SecretsExposureTest : public ::testing::Test {
 protected:
  SecretsExposureTest() {
    std::string pattern = (fs::path(::testing::TempDir()) / "exposure-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
  }
  ~SecretsExposureTest() override { fs::remove_all(dir_); }

  void git_init() {
    auto init = test_support::run_command({"git", "init", "-q", dir_.string()}, 30s);
    ASSERT_TRUE(init.succeeded()) << init.describe();
  }

  fs::path dir_;
};

TEST_F(SecretsExposureTest, OutsideAWorkTreeNothingIsSaid) {
  EXPECT_EQ(secrets_exposure_warning(dir_ / "secrets"), std::nullopt);
}

TEST_F(SecretsExposureTest, InsideAWorkTreeAndNotIgnoredItWarns) {
  git_init();
  auto warning = secrets_exposure_warning(dir_ / "secrets");  // need not exist yet
  ASSERT_TRUE(warning);
  EXPECT_NE(warning->find("git does not ignore it"), std::string::npos) << *warning;
  EXPECT_NE(warning->find((dir_ / "secrets").string()), std::string::npos) << *warning;
}

TEST_F(SecretsExposureTest, IgnoredByGitNothingIsSaid) {
  git_init();
  std::ofstream(dir_ / ".gitignore") << "/secrets/\n";
  fs::create_directory(dir_ / "secrets");
  EXPECT_EQ(secrets_exposure_warning(dir_ / "secrets"), std::nullopt);
  EXPECT_TRUE(secrets_exposure_warning(dir_ / "other"));
}

TEST_F(SecretsExposureTest, ThisRepositoryIgnoresItsDefaultSecretsDirectory) {
  fs::path repo = fs::path(BERTH_SOURCE_DIR);
  if (!fs::exists(repo / ".git")) GTEST_SKIP() << "not a git clone: " << repo;
  EXPECT_EQ(secrets_exposure_warning(repo / "secrets"), std::nullopt);
}

}  // namespace
}  // namespace berth::cli
