// read_token_file over real files in a temporary directory: trimming, refusals that name the
// path, and the warning (without the token) for a file others can read.

#include "proxy/http/token_file.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace berth::proxy::http {
namespace {

namespace fs = std::filesystem;

class TokenFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "berth-token-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    previous_logger_ = spdlog::default_logger();
    sink_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("token-file-test", sink_));
  }
  void TearDown() override {
    spdlog::set_default_logger(previous_logger_);
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::string write(const std::string& name, const std::string& contents, fs::perms mode) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << contents;
    fs::permissions(path, mode);
    return path;
  }
  std::string logs() const {
    std::string all;
    for (const std::string& line : sink_->last_formatted()) all += line;
    return all;
  }

  static constexpr fs::perms kPrivate = fs::perms::owner_read | fs::perms::owner_write;
  static constexpr fs::perms kShared = kPrivate | fs::perms::group_read | fs::perms::others_read;
  fs::path dir_;
  std::shared_ptr<spdlog::logger> previous_logger_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

TEST_F(TokenFileTest, TrimsTheTrailingNewline) {
  for (const char* contents : {"s3cret\n", "s3cret\r\n", "s3cret", "s3cret \n\n"}) {
    Result<std::string> token = read_token_file(write("token", contents, kPrivate));
    ASSERT_TRUE(token.ok()) << token.error();
    EXPECT_EQ(*token, "s3cret");
  }
  EXPECT_EQ(logs(), "");
}

TEST_F(TokenFileTest, RefusesAnEmptyToken) {
  for (const char* contents : {"", "\n", " \r\n\n"}) {
    std::string path = write("token", contents, kPrivate);
    Result<std::string> token = read_token_file(path);
    ASSERT_FALSE(token.ok());
    EXPECT_NE(token.error().find(path), std::string::npos) << token.error();
    EXPECT_NE(token.error().find("no token"), std::string::npos) << token.error();
  }
}

TEST_F(TokenFileTest, RefusesAMissingFileNamingThePathAndReason) {
  std::string path = (dir_ / "absent").string();
  Result<std::string> token = read_token_file(path);
  ASSERT_FALSE(token.ok());
  EXPECT_NE(token.error().find(path), std::string::npos) << token.error();
  EXPECT_NE(token.error().find("No such file or directory"), std::string::npos) << token.error();
}

TEST_F(TokenFileTest, RefusesADirectory) {
  Result<std::string> token = read_token_file(dir_.string());
  ASSERT_FALSE(token.ok());
  EXPECT_NE(token.error().find(dir_.string()), std::string::npos) << token.error();
  EXPECT_NE(token.error().find("Is a directory"), std::string::npos) << token.error();
}

TEST_F(TokenFileTest, RefusesSpacesAndControlCharactersWithoutEchoingThem) {
  for (const char* contents : {"two words\n", "tab\there", "line\none", " leading"}) {
    Result<std::string> token = read_token_file(write("token", contents, kPrivate));
    ASSERT_FALSE(token.ok()) << contents;
    EXPECT_NE(token.error().find("spaces or control characters"), std::string::npos);
    EXPECT_EQ(token.error().find(contents), std::string::npos);
  }
}

TEST_F(TokenFileTest, RefusesAnOversizedFile) {
  std::string path = write("token", std::string(kMaxTokenFileBytes + 1, 'a'), kPrivate);
  Result<std::string> token = read_token_file(path);
  ASSERT_FALSE(token.ok());
  EXPECT_NE(token.error().find("larger than"), std::string::npos) << token.error();
  std::string just_fits = write("fits", std::string(kMaxTokenFileBytes, 'a'), kPrivate);
  EXPECT_TRUE(read_token_file(just_fits).ok());
}

TEST_F(TokenFileTest, FileReadableByOthersIsAcceptedWithAWarning) {
  std::string path = write("token", "s3cret\n", kShared);
  Result<std::string> token = read_token_file(path);
  ASSERT_TRUE(token.ok()) << token.error();
  EXPECT_EQ(*token, "s3cret");
  std::string logged = logs();
  EXPECT_NE(logged.find("event=token-file-permissions"), std::string::npos) << logged;
  EXPECT_NE(logged.find("path=" + path), std::string::npos) << logged;
  EXPECT_NE(logged.find("mode=0644"), std::string::npos) << logged;
  EXPECT_NE(logged.find("chmod 600"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("s3cret"), std::string::npos) << logged;
}

}  // namespace
}  // namespace berth::proxy::http
