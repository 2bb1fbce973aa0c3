#include "reconciler/secret_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "specs/spec_parser.h"

namespace berth::reconciler {
namespace {

namespace fs = std::filesystem;

specs::ServerSpec spec_with_secrets() {
  std::string text = R"(apiVersion: berth/v1
kind: MCPServer
spec:
  image: x
  secrets:
    - {name: token, env: TOKEN}
    - {name: other, env: OTHER}
    - {name: tls, path: /run/tls.key}
    - {name: tls, path: /etc/tls.key}
)";
  auto parsed = specs::parse_spec(text, specs::SpecSource{"s/a.yaml", "a", "/s"});
  EXPECT_TRUE(parsed.spec);
  return parsed.spec.value_or(specs::ServerSpec{});
}

const std::map<std::string, std::string> kValues{
    {"token", "s3cr3t\n"}, {"other", ""}, {"tls", std::string("key\0bytes", 9)}};

struct stat stat_of(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st;
}

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class SecretFilesTest : public ::testing::Test {
 protected:
  ~SecretFilesTest() override { fs::remove_all(root_.parent_path()); }

  static fs::path make_root() {
    std::string pattern = (fs::temp_directory_path() / "berth-runtime-XXXXXX").string();
    return fs::path(::mkdtemp(pattern.data())) / "run";
  }

  fs::path root_ = make_root();
  SecretFiles files_{root_, "prod"};
};

TEST_F(SecretFilesTest, WritesEnvAndPathSecretsIntoAPrivateDirectory) {
  auto written = files_.write("berth-prod-a-1", spec_with_secrets(), kValues, SecretOwner{});
  ASSERT_TRUE(written) << written.error();
  fs::path dir = root_ / "prod" / "berth-prod-a-1";
  EXPECT_EQ(written->env_dir, dir / "env");
  EXPECT_EQ(written->files, (std::map<std::string, fs::path>{{"tls", dir / "files" / "tls"}}));
  EXPECT_EQ(contents(dir / "env" / "TOKEN"), "s3cr3t\n");
  EXPECT_EQ(contents(dir / "env" / "OTHER"), "");
  EXPECT_EQ(contents(dir / "files" / "tls"), std::string("key\0bytes", 9));
  for (const fs::path& private_dir : {root_, root_ / "prod", dir}) {
    EXPECT_EQ(stat_of(private_dir).st_mode & 07777, 0700u) << private_dir;
  }
  EXPECT_EQ(stat_of(dir / "env").st_mode & 07777, 0500u);
  EXPECT_EQ(stat_of(dir / "env" / "TOKEN").st_mode & 07777, 0400u);
  EXPECT_EQ(stat_of(dir / "files" / "tls").st_mode & 07777, 0400u);
}

TEST_F(SecretFilesTest, FilesBelongToTheContainersUser) {
  if (geteuid() != 0) GTEST_SKIP() << "giving files to another uid needs root";
  auto written = files_.write("c", spec_with_secrets(), kValues, SecretOwner{65534, 65533, true});
  ASSERT_TRUE(written) << written.error();
  for (const fs::path& path :
       {written->env_dir, written->env_dir / "TOKEN", written->files.at("tls")}) {
    EXPECT_EQ(stat_of(path).st_uid, 65534u) << path;
    EXPECT_EQ(stat_of(path).st_gid, 65533u) << path;
  }
  EXPECT_EQ(stat_of(root_ / "prod" / "c").st_uid, 0u);  // the host sees it only as root
}

TEST_F(SecretFilesTest, AnUnknownUserGetsFilesEveryContainerUserCanRead) {
  auto written = files_.write("c", spec_with_secrets(), kValues, SecretOwner{0, 0, false});
  ASSERT_TRUE(written) << written.error();
  EXPECT_EQ(stat_of(written->env_dir).st_mode & 07777, 0555u);
  EXPECT_EQ(stat_of(written->files.at("tls")).st_mode & 07777, 0444u);
  EXPECT_EQ(stat_of(root_ / "prod" / "c").st_mode & 07777, 0700u);
}

TEST_F(SecretFilesTest, RewritingReplacesOldFiles) {
  ASSERT_TRUE(files_.write("c", spec_with_secrets(), kValues, SecretOwner{}));
  std::ofstream(root_ / "prod" / "c" / "env" / "STALE") << "x";
  auto values = kValues;
  values["token"] = "new";
  ASSERT_TRUE(files_.write("c", spec_with_secrets(), values, SecretOwner{}));
  EXPECT_EQ(contents(root_ / "prod" / "c" / "env" / "TOKEN"), "new");
  EXPECT_FALSE(fs::exists(root_ / "prod" / "c" / "env" / "STALE"));
}

TEST_F(SecretFilesTest, LooseParentDirectoriesAreTightened) {
  fs::create_directories(root_ / "prod");
  fs::permissions(root_, fs::perms::all);
  ASSERT_TRUE(files_.write("c", spec_with_secrets(), kValues, SecretOwner{}));
  EXPECT_EQ(stat_of(root_).st_mode & 07777, 0700u);
}

TEST_F(SecretFilesTest, WipeRemovesOneContainersDirectory) {
  ASSERT_TRUE(files_.write("a", spec_with_secrets(), kValues, SecretOwner{}));
  ASSERT_TRUE(files_.write("b", spec_with_secrets(), kValues, SecretOwner{}));
  files_.wipe("a");
  EXPECT_FALSE(fs::exists(root_ / "prod" / "a"));
  EXPECT_TRUE(fs::exists(root_ / "prod" / "b" / "env" / "TOKEN"));
  files_.wipe("never-written");  // nothing to do, no error
}

TEST_F(SecretFilesTest, WipeAllButKeepsTheNamedAndTheYoung) {
  for (const char* name : {"kept", "gone", "young"}) {
    ASSERT_TRUE(files_.write(name, spec_with_secrets(), kValues, SecretOwner{}));
  }
  auto old = fs::file_time_type::clock::now() - std::chrono::minutes(5);
  fs::last_write_time(root_ / "prod" / "kept", old);
  fs::last_write_time(root_ / "prod" / "gone", old);
  files_.wipe_all_but({"kept"});
  EXPECT_TRUE(fs::exists(root_ / "prod" / "kept"));
  EXPECT_FALSE(fs::exists(root_ / "prod" / "gone"));
  EXPECT_TRUE(fs::exists(root_ / "prod" / "young"));
}

TEST_F(SecretFilesTest, OtherInstancesAreNeverTouched) {
  SecretFiles other(root_, "other");
  ASSERT_TRUE(other.write("x", spec_with_secrets(), kValues, SecretOwner{}));
  fs::last_write_time(root_ / "other" / "x",
                      fs::file_time_type::clock::now() - std::chrono::minutes(5));
  files_.wipe_all_but({});
  EXPECT_TRUE(fs::exists(root_ / "other" / "x"));
}

TEST_F(SecretFilesTest, WarnsWhenTheRootIsNotOnATmpfs) {
  EXPECT_FALSE(SecretFiles("/dev/shm/berth-test-not-created", "i").placement_warning());
  auto warning = SecretFiles("/var/lib/berth-test-not-created", "i").placement_warning();
  ASSERT_TRUE(warning);  // /var/lib is on the root file system
  EXPECT_NE(warning->find("is not on a tmpfs"), std::string::npos) << *warning;
}

}  // namespace
}  // namespace berth::reconciler
