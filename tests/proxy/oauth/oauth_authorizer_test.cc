// The OAuth resource server over real sockets: the HTTP server with OAuthAuthorizer, the
// metadata endpoints and stand-in routes, tokens from a TokenFactory, and the JWK set fetched by
// a JwksLoader from a URL served by a second local server (so key rotation is tested too).

#include "proxy/oauth/oauth_authorizer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <map>
#include <memory>
#include <mutex>

#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"
#include "proxy/oauth/jwks_loader.h"
#include "proxy/oauth/metadata_endpoints.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/proxy/oauth/token_factory.h"
#include "tests/tools/http_test_client.h"

namespace berth::proxy::oauth {
namespace {

using http::testing::ServerHarness;
using http::testing::test_options;
using test::TestKey;
using test::TokenFactory;
using test_support::HttpTestClient;
using test_support::HttpTestResponse;

constexpr char kIssuer[] = "https://issuer.test";
constexpr char kPublic[] = "https://berth.example";
constexpr char kAlpha[] = "https://berth.example/mcp/alpha";

// The issuer's JWKS endpoint: serves `jwks`, counting fetches.
class JwksServer {
 public:
  JwksServer() {
    auto router = std::make_shared<http::Router>();
    router->add(http::Verb::get, "/jwks", [this](std::shared_ptr<http::Exchange> exchange) {
      ++fetches;
      std::lock_guard lock(mutex_);
      exchange->respond(http::make_json_response(http::HttpStatus::ok, jwks_));
    });
    server_ = std::make_unique<ServerHarness>(router);
  }
  void serve(std::string jwks) {
    std::lock_guard lock(mutex_);
    jwks_ = std::move(jwks);
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/jwks";
  }

  std::atomic<int> fetches{0};

 private:
  std::mutex mutex_;
  std::string jwks_;
  std::unique_ptr<ServerHarness> server_;
};

class OAuthAuthorizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    issuer_ = new TokenFactory("k1");
    rotated_ = new TokenFactory("k2");
  }
  static void TearDownTestSuite() {
    delete issuer_;
    delete rotated_;
  }

  OAuthAuthorizerTest() {
    jwks_server_.serve(issuer_->jwks());
    loader_ =
        std::make_unique<JwksLoader>(jwks_server_.url(), JwksLoaderOptions{std::chrono::hours(1)});
    EXPECT_TRUE(loader_->load());
    ResourceServerOptions options{kIssuer, kPublic};
    ScopeLookup lookup =
        [this](std::string_view server) -> std::optional<std::vector<std::string>> {
      std::lock_guard lock(scopes_mutex_);
      auto it = scopes_.find(std::string(server));
      if (it == scopes_.end()) return std::nullopt;
      return it->second;
    };
    auto router = std::make_shared<http::Router>();
    add_metadata_endpoints(*router, options, lookup);
    for (const char* path : {"/mcp/{name}", "/status", "/healthz"}) {
      router->add(http::Verb::get, path, [](std::shared_ptr<http::Exchange> exchange) {
        exchange->respond(http::make_json_response(http::HttpStatus::ok, "{}"));
      });
    }
    http::HttpServerOptions server_options = test_options();
    server_options.bearer_token = "operator-token";
    server_options.authorizer =
        std::make_shared<OAuthAuthorizer>(pool_.get_executor(), options, *loader_, lookup, clock_);
    server_ = std::make_unique<ServerHarness>(router, server_options);
  }

  HttpTestResponse get(const std::string& target, const std::string& token = "") {
    HttpTestClient client(server_->port());
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    auto result = client.request(http::Verb::get, target, "", headers);
    EXPECT_TRUE(result.ok()) << result.error;
    return result.response;
  }
  static std::string token(std::string_view aud, std::string_view scope = "",
                           TestKey key = TestKey::kRsa) {
    return issuer_->sign(TokenFactory::claims(kIssuer, aud, scope), key);
  }
  void require(const std::string& server, std::vector<std::string> scopes) {
    std::lock_guard lock(scopes_mutex_);
    scopes_[server] = std::move(scopes);
  }

  static TokenFactory* issuer_;
  static TokenFactory* rotated_;
  JwksServer jwks_server_;
  std::unique_ptr<JwksLoader> loader_;
  std::mutex scopes_mutex_;
  std::map<std::string, std::vector<std::string>> scopes_{{"alpha", {}}, {"beta", {}}};
  SystemClock clock_;
  boost::asio::thread_pool pool_{1};
  std::unique_ptr<ServerHarness> server_;
};

TokenFactory* OAuthAuthorizerTest::issuer_ = nullptr;
TokenFactory* OAuthAuthorizerTest::rotated_ = nullptr;

TEST_F(OAuthAuthorizerTest, TokenForTheRouteReachesIt) {
  EXPECT_EQ(get("/mcp/alpha", token(kAlpha)).status, 200);
  EXPECT_EQ(get("/mcp/alpha", token(kAlpha, "", TestKey::kEc)).status, 200);
  EXPECT_EQ(get("/mcp/alpha", token("[\"https://other\",\"" + std::string(kAlpha) + "\"]")).status,
            200);
}

TEST_F(OAuthAuthorizerTest, TokenForTheBaseUrlReachesEveryRoute) {
  EXPECT_EQ(get("/mcp/alpha", token(kPublic)).status, 200);
  EXPECT_EQ(get("/mcp/beta", token(std::string(kPublic) + "/")).status, 200);
  EXPECT_EQ(get("/status", token(kPublic)).status, 200);
}

TEST_F(OAuthAuthorizerTest, WrongAudienceIsRefused) {
  for (const char* target : {"/mcp/beta", "/status", "/sse/alpha"}) {
    HttpTestResponse response = get(target, token(kAlpha));
    EXPECT_EQ(response.status, 401) << target;
    EXPECT_NE(response.header("WWW-Authenticate").find(R"(error="invalid_token")"),
              std::string::npos);
  }
  EXPECT_EQ(get("/mcp/alpha", token("https://berth.example:8443/mcp/alpha")).status, 401);
  EXPECT_EQ(get("/mcp/alpha", token("https://elsewhere.example")).status, 401);
}

TEST_F(OAuthAuthorizerTest, MissingTokenGets401PointingAtTheMetadata) {
  HttpTestResponse response = get("/mcp/alpha");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(
      response.header("WWW-Authenticate"),
      R"(Bearer resource_metadata="https://berth.example/.well-known/oauth-protected-resource/mcp/alpha")");
  EXPECT_EQ(
      get("/status").header("WWW-Authenticate"),
      R"(Bearer resource_metadata="https://berth.example/.well-known/oauth-protected-resource")");
  require("alpha", {"read", "write"});
  EXPECT_EQ(
      get("/mcp/alpha").header("WWW-Authenticate"),
      R"(Bearer scope="read write", resource_metadata="https://berth.example/.well-known/oauth-protected-resource/mcp/alpha")");
}

TEST_F(OAuthAuthorizerTest, InvalidTokensAreRefused) {
  for (const std::string& bad :
       {std::string("garbage"), std::string("a.b.c"),
        issuer_->sign(TokenFactory::claims(kIssuer, kAlpha, "", -600)),       // expired
        issuer_->sign(TokenFactory::claims(kIssuer, kAlpha, "", 7200, 600)),  // not yet valid
        issuer_->sign(TokenFactory::claims("https://evil.test", kAlpha))}) {
    HttpTestResponse response = get("/mcp/alpha", bad);
    EXPECT_EQ(response.status, 401);
    EXPECT_NE(response.header("WWW-Authenticate").find(R"(error="invalid_token")"),
              std::string::npos);
    EXPECT_EQ(response.body.find(bad), std::string::npos);
  }
}

TEST_F(OAuthAuthorizerTest, MissingScopeIs403) {
  require("alpha", {"read", "write"});
  EXPECT_EQ(get("/mcp/alpha", token(kAlpha, "read write extra")).status, 200);
  HttpTestResponse response = get("/mcp/alpha", token(kAlpha, "read"));
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(
      response.header("WWW-Authenticate"),
      R"(Bearer error="insufficient_scope", scope="read write", resource_metadata="https://berth.example/.well-known/oauth-protected-resource/mcp/alpha")");
  EXPECT_EQ(get("/mcp/beta", token(kPublic)).status, 200);  // beta requires nothing
}

TEST_F(OAuthAuthorizerTest, UnknownKeyRefetchesTheKeySetOnce) {
  EXPECT_EQ(jwks_server_.fetches, 1);
  jwks_server_.serve(rotated_->jwks());  // the issuer rotates its keys
  const std::string fresh = rotated_->sign(TokenFactory::claims(kIssuer, kAlpha));
  EXPECT_EQ(get("/mcp/alpha", fresh).status, 200);
  EXPECT_EQ(jwks_server_.fetches, 2);
  // Made-up key ids within the rate limit cost no fetch.
  const std::string stranger = TokenFactory("k9").sign(TokenFactory::claims(kIssuer, kAlpha));
  EXPECT_EQ(get("/mcp/alpha", stranger).status, 401);
  EXPECT_EQ(get("/mcp/alpha", stranger).status, 401);
  EXPECT_EQ(jwks_server_.fetches, 2);
  EXPECT_EQ(get("/mcp/alpha", fresh).status, 200);
}

TEST_F(OAuthAuthorizerTest, StaticTokenAndOpenPathsKeepWorking) {
  EXPECT_EQ(get("/status", "operator-token").status, 200);
  EXPECT_EQ(get("/mcp/alpha", "operator-token").status, 200);
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(OAuthAuthorizerTest, MetadataDescribesEachRoute) {
  require("alpha", {"read"});
  HttpTestResponse alpha = get("/.well-known/oauth-protected-resource/mcp/alpha");
  EXPECT_EQ(alpha.status, 200);
  EXPECT_EQ(alpha.body, R"({"resource":"https://berth.example/mcp/alpha","authorization_servers":)"
                        R"(["https://issuer.test"],"bearer_methods_supported":["header"],)"
                        R"("scopes_supported":["read"]})");
  EXPECT_EQ(get("/.well-known/oauth-protected-resource").body,
            R"({"resource":"https://berth.example","authorization_servers":)"
            R"(["https://issuer.test"],"bearer_methods_supported":["header"]})");
  EXPECT_NE(get("/.well-known/oauth-protected-resource/mcp")
                .body.find(R"("resource":"https://berth.example/mcp")"),
            std::string::npos);
  EXPECT_NE(get("/.well-known/oauth-protected-resource/sse/beta")
                .body.find(R"("resource":"https://berth.example/sse/beta")"),
            std::string::npos);
  EXPECT_EQ(get("/.well-known/oauth-protected-resource/mcp/nobody").status, 404);
  EXPECT_EQ(get("/.well-known/oauth-authorization-server").status, 404);
}

}  // namespace
}  // namespace berth::proxy::oauth
