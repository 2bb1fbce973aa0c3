// Unit tests of the era classification and the modern era's header checks
// (modern_request_checks.h): which POSTs are modern, and what each broken rule is answered with,
// in the order the spec's reference server checks them.
#include "proxy/front/modern_request_checks.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <map>
#include <string>
#include <variant>

#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::front {
namespace {

using Headers = std::map<std::string, std::string>;

constexpr const char* kMeta = R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
                              R"("io.modelcontextprotocol/clientCapabilities":{}})";

std::string call(const std::string& name = "echo") {
  return R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":")" + name +
         R"(","arguments":{},)" + kMeta + "}}";
}

std::string list() {
  return R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{)" + std::string(kMeta) + "}}";
}

Headers modern(const std::string& method, const std::string& name = "") {
  Headers headers{{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", method}};
  if (!name.empty()) headers["Mcp-Name"] = name;
  return headers;
}

http::Request request(const std::string& body, const Headers& headers) {
  http::Request request{http::Verb::post, "/mcp/echo", 11};
  request.set(http::beast_http::field::content_type, "application/json");
  request.set(http::beast_http::field::accept, "application/json, text/event-stream");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  return request;
}

McpPost read(const http::Request& request) {
  auto post = read_mcp_post(request);
  EXPECT_TRUE(std::holds_alternative<McpPost>(post));
  return std::move(std::get<McpPost>(post));
}

// The refusal of `body` with `headers`: "<status> <code>", or "accepted".
std::string verdict(const std::string& body, const Headers& headers) {
  const http::Request r = request(body, headers);
  auto refused = check_modern_post(r, read(r));
  if (!refused) return "accepted";
  rapidjson::Document answer;
  answer.Parse(refused->body().c_str());
  // A batch is refused with one error per request, as berth refuses batches elsewhere.
  const rapidjson::Value& error = answer.IsArray() ? answer[0] : answer;
  return std::to_string(refused->result_int()) + " " +
         std::to_string(error["error"]["code"].GetInt());
}

TEST(ModernRequestChecksTest, ClassifiesByHeaderOrMeta) {
  const std::string legacy_call =
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}})";
  auto is_modern = [](const std::string& body, const Headers& headers) {
    const http::Request r = request(body, headers);
    return is_modern_post(r, read(r));
  };
  EXPECT_TRUE(is_modern(call(), {}));  // _meta alone
  EXPECT_TRUE(is_modern(legacy_call, {{"MCP-Protocol-Version", "2026-07-28"}}));
  EXPECT_FALSE(is_modern(legacy_call, {{"MCP-Protocol-Version", "2025-11-25"}}));
  EXPECT_FALSE(is_modern(legacy_call, {}));
  EXPECT_FALSE(is_modern(legacy_call, {{"MCP-Protocol-Version", "1900-01-01"}}));
  const std::string initialize =
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})";
  EXPECT_FALSE(is_modern(initialize, {{"Mcp-Session-Id", "x"}}));
}

TEST(ModernRequestChecksTest, AcceptsAWellFormedRequest) {
  EXPECT_EQ(verdict(call(), modern("tools/call", "echo")), "accepted");
  EXPECT_EQ(verdict(list(), modern("tools/list")), "accepted");
  // Session headers mean nothing to the modern era and change nothing.
  Headers with_session = modern("tools/list");
  with_session["Mcp-Session-Id"] = "stale";
  with_session["Last-Event-ID"] = "3";
  EXPECT_EQ(verdict(list(), with_session), "accepted");
  // Unknown Mcp-Param-* headers are not berth's to judge.
  Headers with_param = modern("tools/call", "echo");
  with_param["Mcp-Param-Region"] = "=?base64?not base64?=";
  EXPECT_EQ(verdict(call(), with_param), "accepted");
}

TEST(ModernRequestChecksTest, MissingVersionHeaderIsAHeaderMismatch) {
  Headers headers = modern("tools/list");
  headers.erase("MCP-Protocol-Version");
  EXPECT_EQ(verdict(list(), headers), "400 -32020");
}

TEST(ModernRequestChecksTest, MissingMetaFieldsAreInvalidParams) {
  const std::string no_capabilities =
      R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"_meta":)"
      R"({"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}})";
  EXPECT_EQ(verdict(no_capabilities, modern("tools/list")), "400 -32602");
  const std::string no_meta = R"({"jsonrpc":"2.0","id":7,"method":"tools/list"})";
  EXPECT_EQ(verdict(no_meta, modern("tools/list")), "400 -32602");
}

TEST(ModernRequestChecksTest, HeaderAndMetaVersionsMustAgree) {
  Headers headers = modern("tools/list");
  headers["MCP-Protocol-Version"] = "2025-11-25";
  EXPECT_EQ(verdict(list(), headers), "400 -32020");
}

TEST(ModernRequestChecksTest, UnsupportedVersionNamesTheSupportedOnes) {
  std::string body = list();
  body.replace(body.find("2026-07-28"), 10, "1900-01-01");
  Headers headers = modern("tools/list");
  headers["MCP-Protocol-Version"] = "1900-01-01";
  const http::Request r = request(body, headers);
  auto refused = check_modern_post(r, read(r));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result_int(), 400);
  rapidjson::Document answer;
  answer.Parse(refused->body().c_str());
  EXPECT_EQ(answer["id"].GetInt(), 7);
  EXPECT_EQ(answer["error"]["code"].GetInt(), -32022);
  EXPECT_EQ(mcp::to_json(answer["error"]["data"]),
            R"({"supported":["2026-07-28","2025-11-25","2025-06-18","2025-03-26","2024-11-05"],)"
            R"("requested":"1900-01-01"})");
}

TEST(ModernRequestChecksTest, McpMethodMustMatchTheBodyCaseSensitively) {
  EXPECT_EQ(verdict(list(), modern("prompts/list")), "400 -32020");
  EXPECT_EQ(verdict(list(), modern("TOOLS/LIST")), "400 -32020");
  Headers missing = modern("tools/list");
  missing.erase("Mcp-Method");
  EXPECT_EQ(verdict(list(), missing), "400 -32020");
  // Header names are case-insensitive.
  Headers lower{{"mcp-protocol-version", "2026-07-28"}, {"mcp-method", "tools/list"}};
  EXPECT_EQ(verdict(list(), lower), "accepted");
}

TEST(ModernRequestChecksTest, McpNameMustMatchTheDecodedBodyName) {
  EXPECT_EQ(verdict(call(), modern("tools/call", "wrong_tool_name")), "400 -32020");
  EXPECT_EQ(verdict(call(), modern("tools/call")), "400 -32020");  // missing
  EXPECT_EQ(verdict(call(), modern("tools/call", "  echo  ")), "accepted");
  EXPECT_EQ(verdict(call("h\xc3\xa9llo"), modern("tools/call", "=?base64?aMOpbGxv?=")), "accepted");
  EXPECT_EQ(verdict(call("h\xc3\xa9llo"), modern("tools/call", "=?base64?aGVsbG8=?=")),
            "400 -32020");
  const std::string read_resource =
      R"({"jsonrpc":"2.0","id":7,"method":"resources/read","params":{"uri":"test://a b",)" +
      std::string(kMeta) + "}}";
  EXPECT_EQ(verdict(read_resource, modern("resources/read", "test://a b")), "accepted");
  EXPECT_EQ(verdict(read_resource, modern("resources/read", "test://a")), "400 -32020");
}

TEST(ModernRequestChecksTest, OneMessagePerPost) {
  EXPECT_EQ(verdict("[" + list() + "]", modern("tools/list")), "400 -32600");
}

TEST(ModernRequestChecksTest, NotificationsNeedNoMetaButMustMirrorWhenTheyDo) {
  const std::string cancelled =
      R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}})";
  Headers headers{{"MCP-Protocol-Version", "2026-07-28"}};
  EXPECT_EQ(verdict(cancelled, headers), "accepted");
  headers["Mcp-Method"] = "tools/list";
  EXPECT_EQ(verdict(cancelled, headers), "400 -32020");
}

TEST(ModernRequestChecksTest, GetAndDeleteOfTheModernEraGet405) {
  http::Request get{http::Verb::get, "/mcp/echo", 11};
  EXPECT_FALSE(names_modern_version(get));
  get.set("MCP-Protocol-Version", "2026-07-28");
  EXPECT_TRUE(names_modern_version(get));
  http::Response refused = modern_method_not_allowed();
  EXPECT_EQ(refused.result_int(), 405);
  EXPECT_EQ(http::to_std(refused[http::beast_http::field::allow]), "POST");
}

}  // namespace
}  // namespace berth::proxy::front
