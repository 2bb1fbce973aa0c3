// BearerAuth on its own: which paths need the token, how the Authorization header is read, and
// what a refusal says.

#include "proxy/http/bearer_auth.h"

#include <gtest/gtest.h>

namespace berth::proxy::http {
namespace {

constexpr const char* kToken = "s3cret-token";

Request request_with(std::string_view authorization, std::string_view target = "/status") {
  Request request(Verb::get, to_beast(target), 11);
  if (!authorization.empty()) {
    request.set(beast_http::field::authorization, to_beast(authorization));
  }
  return request;
}

bool passes(const BearerAuth& auth, std::string_view authorization) {
  return !auth.check(request_with(authorization), "/status").has_value();
}

TEST(BearerAuthTest, WithoutATokenEverythingPasses) {
  BearerAuth auth{std::nullopt};
  EXPECT_TRUE(passes(auth, ""));
  EXPECT_TRUE(passes(auth, "Bearer anything"));
}

TEST(BearerAuthTest, MissingCredentialIs401WithChallenge) {
  BearerAuth auth{std::string(kToken)};
  auto rejection = auth.check(request_with(""), "/status");
  ASSERT_TRUE(rejection.has_value());
  EXPECT_EQ(rejection->status, HttpStatus::unauthorized);
  EXPECT_EQ(rejection->www_authenticate, R"(Bearer realm="berth")");
  EXPECT_EQ(rejection->message.find(kToken), std::string::npos);
}

TEST(BearerAuthTest, OnlyTheExactTokenPasses) {
  BearerAuth auth{std::string(kToken)};
  EXPECT_TRUE(passes(auth, "Bearer s3cret-token"));
  for (const char* wrong : {"Bearer s3cret-toke", "Bearer s3cret-token2", "Bearer S3CRET-TOKEN",
                            "Bearer x", "Bearer s3cret-token s3cret-token"}) {
    auto rejection = auth.check(request_with(wrong), "/status");
    ASSERT_TRUE(rejection.has_value()) << wrong;
    EXPECT_EQ(rejection->status, HttpStatus::unauthorized) << wrong;
    EXPECT_EQ(rejection->message.find(kToken), std::string::npos) << wrong;
  }
}

TEST(BearerAuthTest, SchemeIsCaseInsensitive) {
  BearerAuth auth{std::string(kToken)};
  for (const char* value : {"bearer s3cret-token", "BEARER s3cret-token", "bEaReR s3cret-token",
                            "Bearer   s3cret-token"}) {
    EXPECT_TRUE(passes(auth, value)) << value;
  }
}

TEST(BearerAuthTest, OtherSchemesAndMalformedHeadersAreRefused) {
  BearerAuth auth{std::string(kToken)};
  for (const char* value : {"s3cret-token", "Basic s3cret-token", "Bearers3cret-token", "Bearer",
                            "Token s3cret-token", "Bearer\ts3cret-token"}) {
    EXPECT_FALSE(passes(auth, value)) << value;
  }
}

TEST(BearerAuthTest, TwoAuthorizationHeadersAreRefused) {
  BearerAuth auth{std::string(kToken)};
  Request request = request_with("Bearer s3cret-token");
  request.insert(beast_http::field::authorization, "Bearer s3cret-token");
  EXPECT_TRUE(auth.check(request, "/status").has_value());
}

TEST(BearerAuthTest, AcceptsTellsWhetherTheTokenIsCarried) {
  EXPECT_FALSE(BearerAuth{std::nullopt}.accepts(request_with("Bearer s3cret-token")));
  BearerAuth auth{std::string(kToken)};
  EXPECT_TRUE(auth.accepts(request_with("Bearer s3cret-token")));
  EXPECT_FALSE(auth.accepts(request_with("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")));
  EXPECT_FALSE(auth.accepts(request_with("")));
}

// Discovery documents are public: without OAuth they are 404 (no route), never 401, so that
// mcp-remote and its kind use the header they were given instead of starting an OAuth flow.
TEST(BearerAuthTest, OnlyTheProbesTheDashboardPageAndDiscoveryAreOpen) {
  BearerAuth auth{std::string(kToken)};
  for (const char* path :
       {"/healthz", "/readyz", "/", "/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp/x", "/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration"}) {
    EXPECT_FALSE(auth.check(request_with("", path), path).has_value()) << path;
  }
  for (const char* path :
       {"/status", "/index.html", "/status/x", "/mcp/x", "/sse/x", "/sse/x/messages", "/logs/x",
        "/metrics", "/healthz/x", "/healthzz", "/nowhere", "", "/.well-known", "/x/.well-known/"}) {
    EXPECT_TRUE(auth.check(request_with("", path), path).has_value()) << path;
  }
}

}  // namespace
}  // namespace berth::proxy::http
