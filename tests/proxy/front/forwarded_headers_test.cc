// Unit tests of the forwarder's header policy and its JSON-RPC gateway errors.

#include "proxy/front/forwarded_headers.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "proxy/backends/local_http_exchange.h"
#include "proxy/front/gateway_errors.h"

namespace berth::proxy::front {
namespace {

namespace beast_http = boost::beast::http;

http::Request client_request(http::Verb method, std::string target) {
  http::Request request(method, target, 11);
  request.set(beast_http::field::host, "localhost:8080");
  return request;
}

TEST(ForwardedHeadersTest, TargetIsTheRoutePathWithTheClientQuery) {
  EXPECT_EQ(upstream_target("/mcp", "/mcp/demo"), "/mcp");
  EXPECT_EQ(upstream_target("/mcp", "/mcp/demo?a=1&b=%20"), "/mcp?a=1&b=%20");
  EXPECT_EQ(upstream_target("/mcp", "/mcp/demo?"), "/mcp");
  EXPECT_EQ(upstream_target("/api?key=k", "/mcp/demo?a=1"), "/api?key=k&a=1");
  EXPECT_EQ(upstream_target("", "/mcp/demo"), "/");
  EXPECT_EQ(upstream_target("mcp", "/mcp/demo"), "/mcp");
}

TEST(ForwardedHeadersTest, RequestKeepsEndToEndHeadersMethodAndBody) {
  http::Request client = client_request(http::Verb::post, "/mcp/demo?x=1");
  client.set(beast_http::field::content_type, "application/json");
  client.set(beast_http::field::accept, "application/json, text/event-stream");
  client.set("Mcp-Session-Id", "abc");
  client.set("MCP-Protocol-Version", "2025-06-18");
  client.set("Last-Event-ID", "42");
  client.set("X-Custom", "kept");
  client.body() = R"({"jsonrpc":"2.0"})";
  const UpstreamRequest upstream = upstream_request(client, "/mcp");
  EXPECT_EQ(upstream.method(), http::Verb::post);
  EXPECT_EQ(upstream.target(), "/mcp?x=1");
  EXPECT_EQ(upstream.body(), R"({"jsonrpc":"2.0"})");
  EXPECT_EQ(upstream[beast_http::field::content_type], "application/json");
  EXPECT_EQ(upstream[beast_http::field::accept], "application/json, text/event-stream");
  EXPECT_EQ(upstream["Mcp-Session-Id"], "abc");
  EXPECT_EQ(upstream["MCP-Protocol-Version"], "2025-06-18");
  EXPECT_EQ(upstream["Last-Event-ID"], "42");
  EXPECT_EQ(upstream["X-Custom"], "kept");
  EXPECT_TRUE(upstream.keep_alive()) << "backend connections are reused";
}

TEST(ForwardedHeadersTest, RequestKeepsTheModernEraHeadersUntouched) {
  http::Request client = client_request(http::Verb::post, "/mcp/demo");
  client.set("MCP-Protocol-Version", "2026-07-28");
  client.set("Mcp-Method", "tools/call");
  client.set("Mcp-Name", "=?base64?aMOpbGxv?=");
  client.set("Mcp-Param-Region", "us-west1");
  const UpstreamRequest upstream = upstream_request(client, "/mcp");
  EXPECT_EQ(upstream["MCP-Protocol-Version"], "2026-07-28");
  EXPECT_EQ(upstream["Mcp-Method"], "tools/call");
  EXPECT_EQ(upstream["Mcp-Name"], "=?base64?aMOpbGxv?=");
  EXPECT_EQ(upstream["Mcp-Param-Region"], "us-west1");
}

TEST(ForwardedHeadersTest, RequestDropsCredentialsOriginAndHopByHopHeaders) {
  http::Request client = client_request(http::Verb::get, "/mcp/demo");
  client.set(beast_http::field::authorization, "Bearer berth-secret");
  client.set(beast_http::field::cookie, "session=1");
  client.set(beast_http::field::origin, "http://localhost:3000");
  client.set("Proxy-Authorization", "Basic eA==");
  client.set(beast_http::field::connection, "keep-alive, X-Private-Hop");
  client.set("X-Private-Hop", "1");
  client.set(beast_http::field::keep_alive, "timeout=5");
  client.set(beast_http::field::te, "trailers");
  client.set(beast_http::field::trailer, "X-Checksum");
  client.set(beast_http::field::upgrade, "h2c");
  client.set(beast_http::field::expect, "100-continue");
  client.set(beast_http::field::content_length, "0");
  const UpstreamRequest upstream = upstream_request(client, "/mcp");
  for (const char* name :
       {"Authorization", "Cookie", "Origin", "Proxy-Authorization", "X-Private-Hop", "Keep-Alive",
        "TE", "Trailer", "Upgrade", "Expect", "Content-Length", "Transfer-Encoding", "Host"}) {
    EXPECT_EQ(upstream.count(name), 0u) << name;
  }
  EXPECT_EQ(upstream.count(beast_http::field::connection), 0u)
      << "the client's Connection is its own: " << upstream[beast_http::field::connection];
}

TEST(ForwardedHeadersTest, ResponseKeepsEndToEndHeadersOnly) {
  UpstreamHead head;
  head.result(200);
  head.set(beast_http::field::content_type, "text/event-stream");
  head.set("Mcp-Session-Id", "abc");
  head.set("MCP-Protocol-Version", "2025-06-18");
  head.set(beast_http::field::cache_control, "no-cache");
  head.set(beast_http::field::retry_after, "3");
  head.set(beast_http::field::connection, "close, X-Hop");
  head.set("X-Hop", "1");
  head.set(beast_http::field::transfer_encoding, "chunked");
  head.set(beast_http::field::content_length, "12");
  head.set(beast_http::field::set_cookie, "a=b");
  head.set("Proxy-Authenticate", "Basic");
  beast_http::fields copied;
  copy_response_fields(head, copied);
  EXPECT_EQ(copied[beast_http::field::content_type], "text/event-stream");
  EXPECT_EQ(copied["Mcp-Session-Id"], "abc");
  EXPECT_EQ(copied["MCP-Protocol-Version"], "2025-06-18");
  EXPECT_EQ(copied[beast_http::field::cache_control], "no-cache");
  EXPECT_EQ(copied[beast_http::field::retry_after], "3");
  for (const char* name : {"Connection", "X-Hop", "Transfer-Encoding", "Content-Length",
                           "Set-Cookie", "Proxy-Authenticate"}) {
    EXPECT_EQ(copied.count(name), 0u) << name;
  }
  EXPECT_TRUE(is_event_stream(head));
  head.set(beast_http::field::content_type, "application/json");
  EXPECT_FALSE(is_event_stream(head));
}

TEST(ForwardedHeadersTest, HopByHopNamesAnyCase) {
  EXPECT_TRUE(is_hop_by_hop("Connection"));
  EXPECT_TRUE(is_hop_by_hop("transfer-ENCODING"));
  EXPECT_TRUE(is_hop_by_hop("Keep-Alive"));
  EXPECT_FALSE(is_hop_by_hop("Mcp-Session-Id"));
  EXPECT_FALSE(is_hop_by_hop("Content-Type"));
}

TEST(GatewayErrorsTest, BodyIsAJsonRpcErrorWithNullId) {
  const http::Response response =
      make_gateway_error(http::HttpStatus::bad_gateway, "server demo is \"down\"");
  EXPECT_EQ(response.result(), http::HttpStatus::bad_gateway);
  EXPECT_EQ(response[beast_http::field::content_type], "application/json");
  rapidjson::Document json;
  json.Parse(response.body().c_str());
  ASSERT_FALSE(json.HasParseError()) << response.body();
  EXPECT_STREQ(json["jsonrpc"].GetString(), "2.0");
  EXPECT_TRUE(json["id"].IsNull());
  EXPECT_EQ(json["error"]["code"].GetInt(), -32603);
  EXPECT_STREQ(json["error"]["message"].GetString(), "server demo is \"down\"");
}

}  // namespace
}  // namespace berth::proxy::front
