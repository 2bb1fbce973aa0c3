// The bearer token and CORS over real sockets, with the real status endpoints: what needs the
// token and what stays open, the 401 challenge, CORS headers on complete and streamed answers,
// and preflights answered before the token and the router.

#include <gtest/gtest.h>

#include <memory>

#include "proxy/admin/status_endpoints.h"
#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"
#include "tests/proxy/admin/fake_status_source.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/tools/http_test_client.h"

namespace berth::proxy::admin {
namespace {

using http::testing::ServerHarness;
using http::testing::test_options;
using test_support::HttpTestClient;
using test_support::HttpTestResult;
using testing::FakeStatusSource;

constexpr const char* kToken = "s3cret-token";
constexpr const char* kInspector = "http://localhost:6274";

// The status endpoints, and /stream: a streamed answer of two chunks.
class AuthAndCorsTest : public ::testing::Test {
 protected:
  AuthAndCorsTest() {
    reconciler::StatusSnapshot snapshot;
    snapshot.docker_reachable = true;
    snapshot.synced = true;
    source_.set(snapshot);
    router_ = std::make_shared<http::Router>();
    add_status_endpoints(*router_, source_);
    router_->add(http::Verb::get, "/stream", [](std::shared_ptr<http::Exchange> exchange) {
      exchange->start_stream(http::make_stream_head(http::HttpStatus::ok, http::kEventStreamType));
      exchange->write("data: one\n\n");
      exchange->write("data: two\n\n");
      exchange->end();
    });
  }

  std::unique_ptr<ServerHarness> start(bool with_token) {
    http::HttpServerOptions options = test_options();
    if (with_token) options.bearer_token = kToken;
    return std::make_unique<ServerHarness>(router_, options);
  }

  static HttpTestResult get(std::uint16_t port, const std::string& target,
                            const std::map<std::string, std::string>& headers = {}) {
    HttpTestClient client(port);
    return client.request(http::Verb::get, target, "", headers);
  }

  static HttpTestResult preflight(std::uint16_t port, const std::string& target,
                                  const std::string& origin) {
    HttpTestClient client(port);
    return client.request(http::Verb::options, target, "",
                          {{"Origin", origin},
                           {"Access-Control-Request-Method", "POST"},
                           {"Access-Control-Request-Headers", "content-type, mcp-session-id"}});
  }

  FakeStatusSource source_;
  std::shared_ptr<http::Router> router_;
};

void expect_cors_headers(const HttpTestResult& result, const std::string& origin) {
  EXPECT_EQ(result.response.header("Access-Control-Allow-Origin"), origin);
  EXPECT_EQ(result.response.header("Vary"), "Origin");
  EXPECT_EQ(result.response.header("Access-Control-Expose-Headers"),
            "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate");
}

TEST_F(AuthAndCorsTest, WithoutATokenEverythingIsOpen) {
  auto server = start(false);
  for (const char* target : {"/status", "/", "/healthz", "/readyz"}) {
    auto result = get(server->port(), target);
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.response.status, 200) << target;
    EXPECT_EQ(result.response.header("WWW-Authenticate"), "") << target;
  }
}

TEST_F(AuthAndCorsTest, MissingTokenIs401WithChallenge) {
  auto server = start(true);
  auto result = get(server->port(), "/status");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 401);
  EXPECT_EQ(result.response.header("WWW-Authenticate"), R"(Bearer realm="berth")");
  EXPECT_EQ(result.response.header("Content-Type"), "application/json");
  EXPECT_EQ(result.response.body.rfind(R"({"error":")", 0), 0u) << result.response.body;
  EXPECT_EQ(result.response.body.find(kToken), std::string::npos);
  EXPECT_TRUE(result.response.keep_alive);
}

TEST_F(AuthAndCorsTest, WrongTokenIs401) {
  auto server = start(true);
  auto result = get(server->port(), "/status", {{"Authorization", "Bearer s3cret-tokeN"}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 401);
  EXPECT_EQ(result.response.header("WWW-Authenticate"), R"(Bearer realm="berth")");
  EXPECT_EQ(result.response.body.find(kToken), std::string::npos);
}

TEST_F(AuthAndCorsTest, RightTokenIs200AndSchemeIsCaseInsensitive) {
  auto server = start(true);
  for (const char* scheme : {"Bearer ", "bearer ", "BEARER "}) {
    auto result = get(server->port(), "/status", {{"Authorization", scheme + std::string(kToken)}});
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.response.status, 200) << scheme;
  }
}

TEST_F(AuthAndCorsTest, EveryPathButTheProbesAndTheDashboardPageNeedsTheToken) {
  auto server = start(true);
  for (const char* target : {"/status", "/status/everything", "/mcp/everything", "/sse/everything",
                             "/logs/everything", "/metrics", "/nowhere", "/stream"}) {
    auto result = get(server->port(), target);
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.response.status, 401) << target;
  }
  for (const char* target : {"/healthz", "/readyz", "/"}) {
    auto result = get(server->port(), target);
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.response.status, 200) << target;
  }
  // The page a browser opens without a token holds no server data.
  EXPECT_EQ(get(server->port(), "/").response.body.find("everything"), std::string::npos);
}

TEST_F(AuthAndCorsTest, AllowedOriginGetsCorsHeaders) {
  auto server = start(false);
  auto result = get(server->port(), "/status", {{"Origin", kInspector}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200);
  expect_cors_headers(result, kInspector);
}

TEST_F(AuthAndCorsTest, StreamedAnswerGetsCorsHeaders) {
  auto server = start(false);
  auto result = get(server->port(), "/stream", {{"Origin", kInspector}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.response.header("Transfer-Encoding"), "chunked");
  EXPECT_EQ(result.response.body, "data: one\n\ndata: two\n\n");
  expect_cors_headers(result, kInspector);
}

TEST_F(AuthAndCorsTest, NoOriginNoCorsHeaders) {
  auto server = start(false);
  for (const char* target : {"/status", "/stream"}) {
    auto result = get(server->port(), target);
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.response.header("Access-Control-Allow-Origin"), "") << target;
    EXPECT_EQ(result.response.header("Access-Control-Expose-Headers"), "") << target;
    EXPECT_EQ(result.response.header("Vary"), "") << target;
  }
}

TEST_F(AuthAndCorsTest, UnauthorizedAnswerToAnAllowedOriginIsReadableByTheScript) {
  auto server = start(true);
  auto result = get(server->port(), "/mcp/everything", {{"Origin", kInspector}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 401);
  expect_cors_headers(result, kInspector);
}

TEST_F(AuthAndCorsTest, PreflightIs204WithoutTheTokenOrARoute) {
  auto server = start(true);
  // /status has only GET: a routed OPTIONS would be 405; /nowhere has no route at all.
  for (const char* target : {"/status", "/mcp/everything", "/nowhere"}) {
    auto result = preflight(server->port(), target, kInspector);
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.response.status, 204) << target;
    EXPECT_EQ(result.response.header("Access-Control-Allow-Methods"), "GET, POST, DELETE, OPTIONS");
    EXPECT_EQ(result.response.header("Access-Control-Allow-Headers"),
              "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, "
              "Last-Event-ID, Mcp-Method, Mcp-Name");
    EXPECT_EQ(result.response.header("Access-Control-Max-Age"), "600");
    EXPECT_EQ(result.response.body, "");
    expect_cors_headers(result, kInspector);
  }
}

TEST_F(AuthAndCorsTest, PreflightFromAForeignOriginIs403) {
  auto server = start(true);
  auto result = preflight(server->port(), "/mcp/everything", "https://evil.example");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 403);
  EXPECT_EQ(result.response.header("Access-Control-Allow-Origin"), "");
  EXPECT_EQ(result.response.header("Access-Control-Allow-Methods"), "");
}

TEST_F(AuthAndCorsTest, ListedOriginIsEchoedAsSent) {
  http::HttpServerOptions options = test_options();
  options.allowed_origins = {"https://app.example.com"};
  ServerHarness server(router_, options);
  auto result = get(server.port(), "/healthz", {{"Origin", "https://App.example.com"}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200);
  expect_cors_headers(result, "https://App.example.com");
}

}  // namespace
}  // namespace berth::proxy::admin
