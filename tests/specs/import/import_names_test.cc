#include "specs/import/import_names.h"

#include <gtest/gtest.h>

#include "specs/names.h"

namespace berth::specs::import {
namespace {

TEST(ImportNamesTest, ServerNamesAreValid) {
  EXPECT_EQ(server_name_from("My Server_2"), "my-server-2");
  EXPECT_EQ(server_name_from("--github--"), "github");
  EXPECT_EQ(server_name_from("***"), "server");
  std::string long_name = server_name_from(std::string(70, 'a') + "-b");
  EXPECT_EQ(long_name.size(), 63u);
  EXPECT_TRUE(is_server_name(long_name));
  EXPECT_TRUE(is_server_name(server_name_from(std::string(62, 'a') + "_b")));
}

TEST(ImportNamesTest, ServerNameFromImage) {
  EXPECT_EQ(server_name_from_image("ghcr.io/github/github-mcp-server:1.2"), "github-mcp-server");
  EXPECT_EQ(server_name_from_image("mcp/fetch"), "fetch");
  EXPECT_EQ(server_name_from_image("localhost:5000/tools/time@sha256:abc"), "time");
}

TEST(ImportNamesTest, SecretFileNames) {
  EXPECT_EQ(secret_file_name("GITHUB_PERSONAL_ACCESS_TOKEN"), "github-personal-access-token");
  EXPECT_EQ(secret_file_name("_X"), "x");
  EXPECT_TRUE(is_secret_name(secret_file_name("__")));
}

TEST(ImportNamesTest, SecretLookingNames) {
  for (const char* name :
       {"GITHUB_TOKEN", "BRAVE_API_KEY", "APIKEY", "OPENAI_APIKEY", "CLIENT_SECRET", "DB_PASSWORD",
        "SMTP_PASS", "AWS_CREDENTIALS", "GITHUB_PAT", "SLACK_BOT_TOKEN", "private_key"}) {
    EXPECT_TRUE(looks_secret(name)) << name;
  }
  for (const char* name :
       {"LOG_LEVEL", "PWD", "KEYBOARD", "TOKENIZER_MODEL", "PORT", "PATH", "BYPASS_PROXY"}) {
    EXPECT_FALSE(looks_secret(name)) << name;
  }
}

TEST(ImportNamesTest, UrlsWithPasswordsAreSecret) {
  EXPECT_TRUE(looks_secret("DATABASE_URL", "postgres://app:s3cret@db:5432/app"));
  EXPECT_FALSE(looks_secret("DATABASE_URL", "postgres://db:5432/app"));
  EXPECT_FALSE(looks_secret("HOMEPAGE", "https://example.com/a@b"));
  EXPECT_EQ(without_password("postgres://app:s3cret@db/app"), "postgres://app:***@db/app");
  EXPECT_EQ(without_password("https://example.com/"), "https://example.com/");
}

}  // namespace
}  // namespace berth::specs::import
