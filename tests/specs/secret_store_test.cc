#include "specs/secret_store.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

using test::error_lines_in;
using test::kHead;
using test::Lines;
using test::parse_valid;
using test::TempDir;

// Two secrets: github-token (name at 6:14) and tls-key (name at 7:14).
ServerSpec spec_with_secrets() {
  return parse_valid(std::string(kHead) + R"(  secrets:
    - {name: github-token, env: GITHUB_TOKEN}
    - {name: tls-key, path: /run/secrets/tls.key}
)");
}

TEST(SecretStoreTest, FileOfIsInsideTheDirectory) {
  SecretStore store("/etc/berth/secrets");
  EXPECT_EQ(store.dir(), "/etc/berth/secrets");
  EXPECT_EQ(store.file_of("github-token"), "/etc/berth/secrets/github-token");
}

TEST(SecretStoreTest, ReadReturnsEveryFileExactly) {
  TempDir dir;
  dir.write("github-token", "ghp_value\n");
  dir.write("tls-key", std::string("bin\0ary", 7));
  auto values = SecretStore(dir.path()).read(spec_with_secrets());
  ASSERT_TRUE(values.ok()) << values.error();
  EXPECT_EQ(*values, (std::map<std::string, std::string>{{"github-token", "ghp_value\n"},
                                                         {"tls-key", std::string("bin\0ary", 7)}}));
}

TEST(SecretStoreTest, ReadReadsASecretUsedTwiceOnce) {
  TempDir dir;
  dir.write("token", "value");
  ServerSpec spec = parse_valid(std::string(kHead) + R"(  secrets:
    - {name: token, env: TOKEN}
    - {name: token, path: /run/token}
)");
  auto values = SecretStore(dir.path()).read(spec);
  ASSERT_TRUE(values.ok()) << values.error();
  EXPECT_EQ(*values, (std::map<std::string, std::string>{{"token", "value"}}));
}

TEST(SecretStoreTest, ReadOfASpecWithoutSecretsIsEmpty) {
  auto values = SecretStore("/nonexistent").read(parse_valid(kHead));
  ASSERT_TRUE(values.ok()) << values.error();
  EXPECT_TRUE(values->empty());
}

TEST(SecretStoreTest, ReadFailsNamingTheFirstMissingFile) {
  TempDir dir;
  dir.write("github-token", "ghp_value");
  auto values = SecretStore(dir.path()).read(spec_with_secrets());
  ASSERT_FALSE(values.ok());
  EXPECT_EQ(values.error(), "secret file " + (dir.path() / "tls-key").string() + " is missing");
}

TEST(SecretStoreTest, CheckFindsNothingWhenEveryFileIsThere) {
  TempDir dir;
  dir.write("github-token", "ghp_value");
  dir.write("tls-key", "");
  EXPECT_EQ(error_lines_in(SecretStore(dir.path()).check(spec_with_secrets()), dir.path()),
            Lines{});
}

TEST(SecretStoreTest, CheckReportsEveryMissingFileAtTheSecretsName) {
  TempDir dir;
  EXPECT_EQ(error_lines_in(SecretStore(dir.path()).check(spec_with_secrets()), dir.path()),
            (Lines{"specs/everything.yaml:6:14: spec.secrets[0].name: secret file github-token "
                   "is missing",
                   "specs/everything.yaml:7:14: spec.secrets[1].name: secret file tls-key is "
                   "missing"}));
}

TEST(SecretStoreTest, CheckReportsADirectoryInPlaceOfAFile) {
  TempDir dir;
  dir.write("github-token", "ghp_value");
  dir.mkdir("tls-key");
  EXPECT_EQ(error_lines_in(SecretStore(dir.path()).check(spec_with_secrets()), dir.path()),
            Lines{"specs/everything.yaml:7:14: spec.secrets[1].name: secret file tls-key is not "
                  "a regular file"});
}

TEST(SecretStoreTest, CheckReportsAFileLargerThanOneMebibyte) {
  TempDir dir;
  dir.write("github-token", std::string(1024 * 1024 + 1, 'x'));
  dir.write("tls-key", std::string(1024 * 1024, 'x'));
  EXPECT_EQ(error_lines_in(SecretStore(dir.path()).check(spec_with_secrets()), dir.path()),
            Lines{"specs/everything.yaml:6:14: spec.secrets[0].name: secret file github-token "
                  "is larger than 1 MiB"});
}

TEST(SecretStoreTest, MissingDirectoryMakesEverySecretMissing) {
  TempDir dir;
  SecretStore store(dir.path() / "absent");
  EXPECT_EQ(error_lines_in(store.check(spec_with_secrets()), dir.path()),
            (Lines{"specs/everything.yaml:6:14: spec.secrets[0].name: secret file "
                   "absent/github-token is missing",
                   "specs/everything.yaml:7:14: spec.secrets[1].name: secret file absent/tls-key "
                   "is missing"}));
}

TEST(SecretStoreTest, AnEnvSecretWithANulByteIsRefusedNamingTheFileNotTheValue) {
  TempDir dir;
  dir.write("github-token", std::string("ghp_\0value", 10));
  dir.write("tls-key", std::string("bin\0ary", 7));  // a file secret may hold any byte
  auto values = SecretStore(dir.path()).read(spec_with_secrets());
  ASSERT_FALSE(values.ok());
  EXPECT_EQ(values.error(), "secret file " + (dir.path() / "github-token").string() +
                                " holds a NUL byte, which the environment variable GITHUB_TOKEN "
                                "cannot carry (use `path:` for binary secrets)");
  EXPECT_EQ(error_lines_in(SecretStore(dir.path()).check(spec_with_secrets()), dir.path()),
            Lines{"specs/everything.yaml:6:14: spec.secrets[0].name: secret file github-token "
                  "holds a NUL byte, which the environment variable GITHUB_TOKEN cannot carry "
                  "(use `path:` for binary secrets)"});
}

TEST(SecretStoreTest, ASecretUsedAsFileAndEnvIsCheckedForTheEnv) {
  TempDir dir;
  dir.write("token", std::string("a\0b", 3));
  ServerSpec spec = parse_valid(std::string(kHead) + R"(  secrets:
    - {name: token, path: /run/token}
    - {name: token, env: TOKEN}
)");
  auto values = SecretStore(dir.path()).read(spec);
  ASSERT_FALSE(values.ok());
  EXPECT_NE(values.error().find("holds a NUL byte"), std::string::npos) << values.error();
}

}  // namespace
}  // namespace berth::specs
