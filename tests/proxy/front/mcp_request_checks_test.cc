// Unit tests of the front's checks of a client's POST (mcp_request_checks.h): the JSON limits a
// body must keep (nesting depth, batch size) on every route, before any backend sees it.
#include "proxy/front/mcp_request_checks.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <variant>

#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::front {
namespace {

http::Request post(std::string body) {
  http::Request request{http::Verb::post, "/mcp/echo", 11};
  request.set(http::beast_http::field::content_type, "application/json");
  request.set(http::beast_http::field::accept, "application/json, text/event-stream");
  request.body() = std::move(body);
  request.prepare_payload();
  return request;
}

// A valid tools/call whose argument nests `depth` arrays (the envelope adds 3 levels).
std::string deep_call(size_t depth) {
  return R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo",)"
         R"("arguments":{"deep":)" +
         std::string(depth, '[') + std::string(depth, ']') + "}}}";
}

std::string batch(size_t items) {
  std::string json = "[";
  for (size_t i = 0; i < items; ++i) {
    json += (i > 0 ? "," : "") + std::string(R"({"jsonrpc":"2.0","method":"notifications/x"})");
  }
  return json + "]";
}

// The status and JSON-RPC error code of a refusal.
std::string refusal(const std::variant<McpPost, http::Response>& result) {
  const auto* response = std::get_if<http::Response>(&result);
  if (response == nullptr) return "accepted";
  rapidjson::Document body;
  body.Parse(response->body().c_str());
  const int code = body.IsObject() && body.HasMember("error") ? body["error"]["code"].GetInt() : 0;
  return std::to_string(response->result_int()) + " " + std::to_string(code);
}

TEST(McpRequestChecksTest, NestingAtTheLimitPassesAndOneMoreIs400InvalidRequest) {
  const size_t at_limit = mcp::kMaxJsonDepth - 3;
  EXPECT_EQ(refusal(read_mcp_post(post(deep_call(at_limit)))), "accepted");
  EXPECT_EQ(refusal(read_mcp_post(post(deep_call(at_limit + 1)))), "400 -32600");
  EXPECT_EQ(refusal(read_legacy_post(post(deep_call(at_limit + 1)))), "400 -32600");
  EXPECT_EQ(refusal(read_mcp_post(post(deep_call(100'000)))), "400 -32600");
}

TEST(McpRequestChecksTest, BatchAtTheItemCapPassesAndOneMoreIs400InvalidRequest) {
  auto at_cap = read_mcp_post(post(batch(kMaxBatchItems)));
  ASSERT_EQ(refusal(at_cap), "accepted");
  EXPECT_EQ(std::get<McpPost>(at_cap).messages.size(), kMaxBatchItems);
  EXPECT_EQ(refusal(read_mcp_post(post(batch(kMaxBatchItems + 1)))), "400 -32600");
  EXPECT_EQ(refusal(read_mcp_post(post(batch(9'500)))), "400 -32600");
}

TEST(McpRequestChecksTest, NotJsonIsStill400ParseError) {
  EXPECT_EQ(refusal(read_mcp_post(post("{not json"))), "400 -32700");
}

TEST(McpRequestChecksTest, PassThroughBodiesAreRefusedOnlyForLimits) {
  EXPECT_FALSE(check_json_limits(post(deep_call(10))));
  EXPECT_FALSE(check_json_limits(post("{not json")));  // the server's to answer
  EXPECT_FALSE(check_json_limits(post(batch(kMaxBatchItems))));
  auto deep = check_json_limits(post(deep_call(100'000)));
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->result_int(), 400u);
  EXPECT_NE(deep->body().find("-32600"), std::string::npos);
  auto wide = check_json_limits(post(batch(kMaxBatchItems + 1)));
  ASSERT_TRUE(wide);
  EXPECT_NE(wide->body().find("a batch of more than 100 messages"), std::string::npos);
}

}  // namespace
}  // namespace berth::proxy::front
