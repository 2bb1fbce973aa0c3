// Unit tests of the test server's command-line parsing.
#include "tools/test_server/server_options.h"

#include <gtest/gtest.h>

namespace berth::test_server {
namespace {

TEST(TestServerOptionsTest, DefaultsToStdio) {
  Result<ServerOptions> parsed = parse_server_options({});
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_EQ(parsed->mode, TransportMode::kStdio);
  EXPECT_EQ(parsed->host, "0.0.0.0");
  EXPECT_EQ(parsed->port, 3001);
  EXPECT_FALSE(parsed->banner);
  EXPECT_FALSE(parsed->quiet);
}

TEST(TestServerOptionsTest, ParsesModeAndFlags) {
  Result<ServerOptions> parsed =
      parse_server_options({"http", "--port", "0", "--host", "127.0.0.1", "--path", "/x",
                            "--banner", "hi there", "--quiet"});
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_EQ(parsed->mode, TransportMode::kHttp);
  EXPECT_EQ(parsed->port, 0);
  EXPECT_EQ(parsed->host, "127.0.0.1");
  EXPECT_EQ(parsed->path, "/x");
  EXPECT_EQ(parsed->banner.value_or(""), "hi there");
  EXPECT_TRUE(parsed->quiet);
}

TEST(TestServerOptionsTest, DefaultPathDependsOnMode) {
  EXPECT_EQ(parse_server_options({"http"})->path, "/mcp");
  EXPECT_EQ(parse_server_options({"sse"})->path, "/sse");
  EXPECT_EQ(parse_server_options({"--port", "9", "sse"})->path, "/sse");
}

TEST(TestServerOptionsTest, RejectsBadCommandLines) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--port", "65536"},
           {"--port", "12ab"},
           {"--port"},
           {"--path", "no-slash"},
           {"--verbose", "1"},
           {"ftp"},
           {"http", "sse"},
       }) {
    Result<ServerOptions> parsed = parse_server_options(args);
    EXPECT_FALSE(parsed.ok()) << "accepted: " << ::testing::PrintToString(args);
  }
}

TEST(TestServerOptionsTest, HelpIsRecognised) {
  EXPECT_TRUE(parse_server_options({"--help"})->show_help);
  EXPECT_NE(usage_text().find("--banner"), std::string::npos);
}

}  // namespace
}  // namespace berth::test_server
