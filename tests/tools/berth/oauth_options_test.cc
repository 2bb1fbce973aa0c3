#include "tools/berth/oauth_options.h"

#include <gtest/gtest.h>

namespace berth::cli {
namespace {

Result<std::optional<OAuthOptions>> parse(std::vector<std::string> args,
                                          std::string host = "127.0.0.1", unsigned port = 8080) {
  auto line =
      CommandLine::parse(args, OptionSpec{{"--oauth-issuer", "--oauth-jwks", "--public-url"}, {}});
  EXPECT_TRUE(line) << line.error();
  return parse_oauth_options(*line, host, port);
}

TEST(OAuthOptionsTest, WithoutAnIssuerThereIsNoOAuth) {
  auto options = parse({});
  ASSERT_TRUE(options);
  EXPECT_FALSE(options->has_value());
}

TEST(OAuthOptionsTest, PublicUrlDefaultsToTheListenAddress) {
  auto options = parse({"--oauth-issuer", "https://id.example", "--oauth-jwks", "/etc/jwks.json"});
  ASSERT_TRUE(options && *options) << options.error();
  EXPECT_EQ((*options)->public_url, "http://127.0.0.1:8080");
  EXPECT_EQ((*options)->public_host, "127.0.0.1");
  auto v6 = parse({"--oauth-issuer", "https://id.example", "--oauth-jwks", "j"}, "::1");
  EXPECT_EQ((*v6)->public_url, "http://[::1]:8080");
  EXPECT_EQ((*v6)->public_host, "[::1]");
}

TEST(OAuthOptionsTest, PublicUrlIsAnOriginWithoutTrailingSlash) {
  auto options = parse({"--oauth-issuer", "https://id.example", "--oauth-jwks",
                        "https://id.example/jwks", "--public-url", "https://mcp.example:8443/"});
  ASSERT_TRUE(options && *options) << options.error();
  EXPECT_EQ((*options)->public_url, "https://mcp.example:8443");
  EXPECT_EQ((*options)->public_host, "mcp.example");
  for (const char* bad : {"https://mcp.example/berth", "mcp.example", "ftp://mcp.example",
                          "https://mcp.example?x=1", "https://user@mcp.example"}) {
    auto refused =
        parse({"--oauth-issuer", "https://id.example", "--oauth-jwks", "j", "--public-url", bad});
    EXPECT_FALSE(refused) << bad;
  }
}

TEST(OAuthOptionsTest, EphemeralPortNeedsAPublicUrl) {
  const std::vector<std::string> flags = {"--oauth-issuer", "https://id.example", "--oauth-jwks",
                                          "j"};
  EXPECT_EQ(parse(flags, "127.0.0.1", 0).error(), "--public-url is needed with --listen HOST:0");
  std::vector<std::string> with_url = flags;
  with_url.insert(with_url.end(), {"--public-url", "http://127.0.0.1:9999"});
  EXPECT_TRUE(parse(with_url, "127.0.0.1", 0));
}

TEST(OAuthOptionsTest, IssuerAndJwksGoTogether) {
  EXPECT_EQ(parse({"--oauth-issuer", "https://id.example"}).error(),
            "--oauth-issuer and --oauth-jwks go together");
  EXPECT_EQ(parse({"--oauth-jwks", "j"}).error(), "--oauth-issuer and --oauth-jwks go together");
  EXPECT_FALSE(parse({"--oauth-issuer", "id.example", "--oauth-jwks", "j"}));
}

}  // namespace
}  // namespace berth::cli
