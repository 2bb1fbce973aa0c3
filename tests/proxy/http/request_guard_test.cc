#include "proxy/http/request_guard.h"

#include <gtest/gtest.h>

namespace berth::proxy::http {
namespace {

Request request_with(std::string_view host, std::string_view origin = "") {
  Request request(Verb::get, "/status", 11);
  if (!host.empty()) request.set(beast_http::field::host, to_beast(host));
  if (!origin.empty()) request.set(beast_http::field::origin, to_beast(origin));
  return request;
}

TEST(RequestGuardTest, AllowsLoopbackHostsWithOrWithoutPort) {
  RequestGuard guard{HttpServerOptions{}};
  for (const char* host : {"localhost", "localhost:8080", "127.0.0.1", "127.0.0.1:1", "[::1]",
                           "[::1]:8080", "LOCALHOST:8080"}) {
    EXPECT_EQ(guard.check(request_with(host)).rejection, std::nullopt) << host;
  }
}

TEST(RequestGuardTest, RejectsForeignHostsWith421) {
  RequestGuard guard{HttpServerOptions{}};
  for (const char* host : {"evil.example", "evil.example:8080", "localhost.evil.example",
                           "127.0.0.2", "localhost:80x", "[::1", "::1", "localhost:"}) {
    auto rejection = guard.check(request_with(host)).rejection;
    ASSERT_TRUE(rejection.has_value()) << host;
    EXPECT_EQ(rejection->status, HttpStatus::misdirected_request) << host;
  }
}

TEST(RequestGuardTest, RejectsMissingHost) {
  RequestGuard guard{HttpServerOptions{}};
  auto rejection = guard.check(request_with("")).rejection;
  ASSERT_TRUE(rejection.has_value());
  EXPECT_EQ(rejection->status, HttpStatus::bad_request);
}

TEST(RequestGuardTest, AllowsListenAddressAndAllowedHosts) {
  HttpServerOptions options;
  options.address = "192.168.1.5";
  options.allowed_hosts = {"berth.internal"};
  RequestGuard guard{options};
  EXPECT_EQ(guard.check(request_with("192.168.1.5:8080")).rejection, std::nullopt);
  EXPECT_EQ(guard.check(request_with("Berth.Internal")).rejection, std::nullopt);
  EXPECT_TRUE(guard.check(request_with("192.168.1.6")).rejection.has_value());
  options.address = "::1";
  EXPECT_EQ(RequestGuard{options}.check(request_with("[::1]:9")).rejection, std::nullopt);
}

TEST(RequestGuardTest, AllowsLoopbackOrigins) {
  RequestGuard guard{HttpServerOptions{}};
  for (const char* origin : {"http://localhost", "http://localhost:3000", "https://127.0.0.1:1",
                             "http://[::1]:8080", "HTTP://LOCALHOST"}) {
    EXPECT_EQ(guard.check(request_with("localhost", origin)).rejection, std::nullopt) << origin;
  }
}

TEST(RequestGuardTest, RejectsForeignOriginsWith403) {
  RequestGuard guard{HttpServerOptions{}};
  for (const char* origin : {"http://evil.example", "null", "http://localhost.evil.example",
                             "file://", "ftp://localhost", "http://localhost:3000/path"}) {
    auto rejection = guard.check(request_with("localhost", origin)).rejection;
    ASSERT_TRUE(rejection.has_value()) << origin;
    EXPECT_EQ(rejection->status, HttpStatus::forbidden) << origin;
  }
}

TEST(RequestGuardTest, AllowsListedOrigins) {
  HttpServerOptions options;
  options.allowed_origins = {"https://app.example.com"};
  RequestGuard guard{options};
  EXPECT_EQ(guard.check(request_with("localhost", "https://APP.example.com")).rejection,
            std::nullopt);
  EXPECT_TRUE(
      guard.check(request_with("localhost", "http://app.example.com")).rejection.has_value());
}

Request preflight_from(std::string_view origin) {
  Request request(Verb::options, "/mcp/everything", 11);
  request.set(beast_http::field::host, "localhost");
  request.set(beast_http::field::origin, to_beast(origin));
  request.set(beast_http::field::access_control_request_method, "POST");
  return request;
}

HttpServerOptions with_token() {
  HttpServerOptions options;
  options.bearer_token = "s3cret";
  return options;
}

TEST(RequestGuardTest, HandsBackTheAllowedOriginAsSent) {
  RequestGuard guard{HttpServerOptions{}};
  EXPECT_EQ(guard.check(request_with("localhost", "http://LocalHost:6274")).cors_origin,
            "http://LocalHost:6274");
  EXPECT_EQ(guard.check(request_with("localhost")).cors_origin, "");
}

TEST(RequestGuardTest, PreflightFromAnAllowedOriginNeedsNoToken) {
  RequestGuard guard{with_token()};
  Admission admission = guard.check(preflight_from("http://localhost:6274"));
  EXPECT_TRUE(admission.preflight);
  EXPECT_EQ(admission.rejection, std::nullopt);
  EXPECT_EQ(admission.cors_origin, "http://localhost:6274");
}

TEST(RequestGuardTest, PreflightFromAForeignOriginIs403) {
  RequestGuard guard{with_token()};
  Admission admission = guard.check(preflight_from("https://evil.example"));
  ASSERT_TRUE(admission.rejection.has_value());
  EXPECT_EQ(admission.rejection->status, HttpStatus::forbidden);
  EXPECT_FALSE(admission.preflight);
  EXPECT_EQ(admission.cors_origin, "");
}

TEST(RequestGuardTest, OptionsWithoutRequestMethodIsNotAPreflight) {
  RequestGuard guard{with_token()};
  Request request = preflight_from("http://localhost");
  request.erase(beast_http::field::access_control_request_method);
  Admission admission = guard.check(request);
  EXPECT_FALSE(admission.preflight);
  ASSERT_TRUE(admission.rejection.has_value());
  EXPECT_EQ(admission.rejection->status, HttpStatus::unauthorized);
}

TEST(RequestGuardTest, ChecksTheTokenAfterHostAndOrigin) {
  RequestGuard guard{with_token()};
  auto foreign = guard.check(request_with("localhost", "https://evil.example")).rejection;
  ASSERT_TRUE(foreign.has_value());
  EXPECT_EQ(foreign->status, HttpStatus::forbidden);
  EXPECT_EQ(foreign->www_authenticate, "");
  auto missing = guard.check(request_with("localhost", "http://localhost")).rejection;
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->status, HttpStatus::unauthorized);
  Request authorized = request_with("localhost");
  authorized.set(beast_http::field::authorization, "Bearer s3cret");
  EXPECT_EQ(guard.check(authorized).rejection, std::nullopt);
}

class NeverCalledAuthorizer : public Authorizer {
 public:
  void authorize(const Request&, std::string_view, Done) override { ADD_FAILURE(); }
};

Request authorized_request(std::string_view target, std::string_view authorization) {
  Request request(Verb::get, to_beast(target), 11);
  request.set(beast_http::field::host, "localhost");
  if (!authorization.empty()) {
    request.set(beast_http::field::authorization, to_beast(authorization));
  }
  return request;
}

// With OAuth, the authorizer decides every request but the open ones and those carrying the
// operator's static token, which keeps working beside it.
TEST(RequestGuardTest, AuthorizerDecidesWhatTheStaticTokenDoesNotOpen) {
  HttpServerOptions options;
  options.bearer_token = "s3cret";
  options.authorizer = std::make_shared<NeverCalledAuthorizer>();
  RequestGuard guard{options};
  Admission jwt = guard.check(authorized_request("/mcp/x?y=1", "Bearer eyJ.e30.c2ln"));
  EXPECT_TRUE(jwt.authorize);
  EXPECT_EQ(jwt.rejection, std::nullopt);
  EXPECT_TRUE(guard.check(authorized_request("/status", "")).authorize);
  Admission operator_token = guard.check(authorized_request("/status", "Bearer s3cret"));
  EXPECT_FALSE(operator_token.authorize);
  EXPECT_EQ(operator_token.rejection, std::nullopt);
  for (const char* open : {"/healthz", "/readyz", "/.well-known/oauth-protected-resource/mcp/x"}) {
    Admission admission = guard.check(authorized_request(open, ""));
    EXPECT_FALSE(admission.authorize) << open;
    EXPECT_EQ(admission.rejection, std::nullopt) << open;
  }
}

TEST(RequestGuardTest, AuthorizerWithoutStaticTokenStillDecides) {
  HttpServerOptions options;
  options.authorizer = std::make_shared<NeverCalledAuthorizer>();
  EXPECT_TRUE(RequestGuard{options}.check(authorized_request("/metrics", "")).authorize);
  EXPECT_FALSE(
      RequestGuard{HttpServerOptions{}}.check(authorized_request("/metrics", "")).authorize);
}

}  // namespace
}  // namespace berth::proxy::http
