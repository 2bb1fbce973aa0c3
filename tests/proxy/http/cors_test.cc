#include "proxy/http/cors.h"

#include <gtest/gtest.h>

#include <string>

namespace berth::proxy::http {
namespace {

Request preflight_asking(std::string_view headers) {
  Request request(Verb::options, "/mcp/everything", 11);
  request.set(beast_http::field::origin, "http://localhost:6274");
  request.set(beast_http::field::access_control_request_method, "POST");
  if (!headers.empty()) {
    request.set(beast_http::field::access_control_request_headers, to_beast(headers));
  }
  return request;
}

std::string allow_headers(const Response& response) {
  return std::string(to_std(response[beast_http::field::access_control_allow_headers]));
}

TEST(CorsTest, PreflightAllowsTheHeadersOfBothEras) {
  const std::string allowed = allow_headers(make_preflight_response(preflight_asking("")));
  for (const char* name : {"Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID", "Mcp-Method",
                           "Mcp-Name", "Authorization"}) {
    EXPECT_NE(allowed.find(name), std::string::npos) << name;
  }
}

TEST(CorsTest, PreflightEchoesTheMcpParamHeadersAsked) {
  const Response response = make_preflight_response(
      preflight_asking("content-type, mcp-method, Mcp-Param-Region,mcp-param-tenant_id"));
  EXPECT_EQ(allow_headers(response),
            std::string(kCorsAllowHeaders) + ", Mcp-Param-Region, mcp-param-tenant_id");
  EXPECT_EQ(response.result(), HttpStatus::no_content);
}

TEST(CorsTest, PreflightEchoesNoOtherHeaderNorAMalformedName) {
  EXPECT_EQ(allowed_request_headers("x-secret, mcp-param-, mcp-param-a b, mcp-param-a\"b, cookie"),
            std::string(kCorsAllowHeaders));
}

TEST(CorsTest, PreflightEchoesABoundedNumberOfParamHeaders) {
  std::string asked;
  for (int i = 0; i < 100; ++i) asked += "mcp-param-p" + std::to_string(i) + ",";
  const std::string allowed = allowed_request_headers(asked);
  EXPECT_NE(allowed.find("mcp-param-p31"), std::string::npos);
  EXPECT_EQ(allowed.find("mcp-param-p32"), std::string::npos);
}

}  // namespace
}  // namespace berth::proxy::http
