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
    EXPECT_EQ(guard.check(request_with(host)), std::nullopt) << host;
  }
}

TEST(RequestGuardTest, RejectsForeignHostsWith421) {
  RequestGuard guard{HttpServerOptions{}};
  for (const char* host : {"evil.example", "evil.example:8080", "localhost.evil.example",
                           "127.0.0.2", "localhost:80x", "[::1", "::1", "localhost:"}) {
    auto rejection = guard.check(request_with(host));
    ASSERT_TRUE(rejection.has_value()) << host;
    EXPECT_EQ(rejection->status, HttpStatus::misdirected_request) << host;
  }
}

TEST(RequestGuardTest, RejectsMissingHost) {
  RequestGuard guard{HttpServerOptions{}};
  auto rejection = guard.check(request_with(""));
  ASSERT_TRUE(rejection.has_value());
  EXPECT_EQ(rejection->status, HttpStatus::bad_request);
}

TEST(RequestGuardTest, AllowsListenAddressAndAllowedHosts) {
  HttpServerOptions options;
  options.address = "192.168.1.5";
  options.allowed_hosts = {"berth.internal"};
  RequestGuard guard{options};
  EXPECT_EQ(guard.check(request_with("192.168.1.5:8080")), std::nullopt);
  EXPECT_EQ(guard.check(request_with("Berth.Internal")), std::nullopt);
  EXPECT_TRUE(guard.check(request_with("192.168.1.6")).has_value());
  options.address = "::1";
  EXPECT_EQ(RequestGuard{options}.check(request_with("[::1]:9")), std::nullopt);
}

TEST(RequestGuardTest, AllowsLoopbackOrigins) {
  RequestGuard guard{HttpServerOptions{}};
  for (const char* origin : {"http://localhost", "http://localhost:3000", "https://127.0.0.1:1",
                             "http://[::1]:8080", "HTTP://LOCALHOST"}) {
    EXPECT_EQ(guard.check(request_with("localhost", origin)), std::nullopt) << origin;
  }
}

TEST(RequestGuardTest, RejectsForeignOriginsWith403) {
  RequestGuard guard{HttpServerOptions{}};
  for (const char* origin : {"http://evil.example", "null", "http://localhost.evil.example",
                             "file://", "ftp://localhost", "http://localhost:3000/path"}) {
    auto rejection = guard.check(request_with("localhost", origin));
    ASSERT_TRUE(rejection.has_value()) << origin;
    EXPECT_EQ(rejection->status, HttpStatus::forbidden) << origin;
  }
}

TEST(RequestGuardTest, AllowsListedOrigins) {
  HttpServerOptions options;
  options.allowed_origins = {"https://app.example.com"};
  RequestGuard guard{options};
  EXPECT_EQ(guard.check(request_with("localhost", "https://APP.example.com")), std::nullopt);
  EXPECT_TRUE(guard.check(request_with("localhost", "http://app.example.com")).has_value());
}

}  // namespace
}  // namespace berth::proxy::http
