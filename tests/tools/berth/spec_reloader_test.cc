#include "tools/berth/spec_reloader.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace berth::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kSpec[] = "apiVersion: berth/v1\nkind: MCPServer\nspec: {image: mcp/x:1}\n";

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class SpecReloaderTest : public ::testing::Test {
 protected:
  SpecReloaderTest() {
    std::string pattern = (fs::path(::testing::TempDir()) / "reloader-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    previous_ = spdlog::default_logger();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  }
  ~SpecReloaderTest() override {
    spdlog::set_default_logger(previous_);
    fs::remove_all(dir_);
  }
  void write(const std::string& file, const std::string& text) {
    std::ofstream(dir_ / file) << text;
  }

  fs::path dir_;
  std::ostringstream log_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(SpecReloaderTest, AnEmptyDirectoryAtStartHoldsEverything) {
  SpecReloader reloader(dir_, false);
  EXPECT_NE(reloader.load()->hold_reason, "");
  EXPECT_EQ(count(log_.str(), "specs held"), 1u);
  EXPECT_NE(reloader.load()->hold_reason, "");
  EXPECT_EQ(count(log_.str(), "specs held"), 1u);  // said once, not at every reload
}

TEST_F(SpecReloaderTest, AllowEmptyBelievesAnEmptyDirectory) {
  SpecReloader reloader(dir_, true);
  EXPECT_EQ(reloader.load()->hold_reason, "");
}

TEST_F(SpecReloaderTest, ADirectoryEmptiedDuringTheRunIsBelieved) {
  SpecReloader reloader(dir_, false);
  write("a.yaml", kSpec);
  EXPECT_EQ(reloader.load()->servers.size(), 1u);
  fs::remove(dir_ / "a.yaml");
  auto state = reloader.load();
  EXPECT_EQ(state->hold_reason, "");
  EXPECT_TRUE(state->servers.empty());
}

TEST_F(SpecReloaderTest, ADirectoryThatDisappearsHoldsEverythingUntilItIsBack) {
  SpecReloader reloader(dir_ / "specs", false);
  fs::create_directory(dir_ / "specs");
  write("specs/a.yaml", kSpec);
  EXPECT_EQ(reloader.load()->hold_reason, "");
  fs::rename(dir_ / "specs", dir_ / "moved");
  EXPECT_NE(reloader.load()->hold_reason.find("does not exist"), std::string::npos);
  fs::rename(dir_ / "moved", dir_ / "specs");
  EXPECT_EQ(reloader.load()->hold_reason, "");
  EXPECT_EQ(count(log_.str(), "specs trusted again"), 1u);
}

TEST_F(SpecReloaderTest, EachSpecErrorIsLoggedOnceAndItsFixOnce) {
  SpecReloader reloader(dir_, false);
  write("a.yaml", "apiVersion: berth/v1\nkind: MCPServer\nspec: {image: mcp/x:1, pul: Never}\n");
  write("b.yaml", kSpec);
  for (int i = 0; i < 3; ++i) static_cast<void>(reloader.load());
  EXPECT_EQ(count(log_.str(), "spec invalid"), 1u) << log_.str();
  write("a.yaml", kSpec);
  for (int i = 0; i < 2; ++i) static_cast<void>(reloader.load());
  EXPECT_EQ(count(log_.str(), "spec error gone"), 1u) << log_.str();
  EXPECT_EQ(count(log_.str(), "spec invalid"), 1u) << log_.str();
}

}  // namespace
}  // namespace berth::cli
