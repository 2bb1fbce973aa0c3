// McpFront serving the modern era (2026-07-28) beside the legacy one on a stdio route: each POST
// classified, checked and served without a session over the one scripted channel, with fake
// time and real sockets (no container, no dockerd).
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>

#include <map>
#include <string>
#include <vector>

#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/json_rpc.h"
#include "tests/proxy/front/mcp_front_harness.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/tools/http_test_client.h"

namespace berth::proxy::front::testing {
namespace {

using namespace std::chrono_literals;
using http::testing::eventually;
using test_support::HttpTestClient;
using test_support::HttpTestResult;
using Headers = std::map<std::string, std::string>;

std::string modern(const std::string& method, const std::string& params = "", int id = 5) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" + method +
         R"(","params":{)" + params + (params.empty() ? "" : ",") +
         R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
         R"("io.modelcontextprotocol/clientCapabilities":{}}}})";
}

Headers headers_for(const std::string& method, const std::string& name = "") {
  Headers headers{{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", method}};
  if (!name.empty()) headers["Mcp-Name"] = name;
  return headers;
}

// The value at JSON pointer `pointer` of `json`, compact; "<missing>" if none.
std::string at(const std::string& json, const char* pointer) {
  rapidjson::Document document;
  document.Parse(json.c_str());
  const rapidjson::Value* value = rapidjson::Pointer(pointer).Get(document);
  return value ? mcp::to_json(*value) : "<missing>";
}

// A server answering tools/call with a text result, `method` never (the test answers it, or
// not), and anything else with -32601.
Script server_answering(const std::string& silent_method = "") {
  return [silent_method](const std::string& message) -> std::vector<std::string> {
    auto parsed = mcp::parse_json(message);
    if (!parsed) return {};
    const mcp::MessageShape shape = mcp::classify(*parsed);
    if (shape.type != mcp::MessageType::kRequest || shape.method == silent_method) return {};
    if (shape.method == "tools/call") {
      return {mcp::result_response(shape.id, R"({"content":[{"type":"text","text":"hi"}]})")};
    }
    return {mcp::error_response(shape.id, mcp::kMethodNotFound, "no such method")};
  };
}

struct ModernFront {
  explicit ModernFront(Script script = server_answering())
      : harness(McpFrontOptions{}, ScriptedChannelOptions{.script = std::move(script)}) {
    EXPECT_TRUE(harness.publish({stdio_route("demo", "c1")}));
  }
  HttpTestResult post(const std::string& body, const Headers& headers) {
    HttpTestClient client(harness.port());
    return client.post_json("/mcp/demo", body, headers);
  }
  McpFrontHarness harness;
};

TEST(McpFrontModernTest, DiscoverIsAnsweredWithoutASession) {
  ModernFront front;
  HttpTestResult result = front.post(modern("server/discover"), headers_for("server/discover"));
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200) << result.response.body;
  EXPECT_EQ(result.response.header("Mcp-Session-Id"), "");
  EXPECT_EQ(at(result.response.body, "/id"), "5");
  EXPECT_EQ(at(result.response.body, "/result/supportedVersions/0"), R"("2026-07-28")");
  EXPECT_EQ(at(result.response.body, "/result/capabilities"), R"({"tools":{}})");
  EXPECT_EQ(at(result.response.body, "/result/_meta/io.modelcontextprotocol~1serverInfo/name"),
            R"("scripted")");
}

TEST(McpFrontModernTest, ACallIsForwardedAndAnsweredModern) {
  ModernFront front;
  HttpTestResult result = front.post(modern("tools/call", R"("name":"echo","arguments":{})"),
                                     headers_for("tools/call", "echo"));
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200) << result.response.body;
  EXPECT_EQ(at(result.response.body, "/id"), "5");
  EXPECT_EQ(at(result.response.body, "/result/resultType"), R"("complete")");
  EXPECT_EQ(at(result.response.body, "/result/content/0/text"), R"("hi")");
  EXPECT_EQ(result.response.header("Mcp-Session-Id"), "");
}

TEST(McpFrontModernTest, ASessionHeaderIsIgnored) {
  ModernFront front;
  Headers headers = headers_for("tools/list");
  headers["Mcp-Session-Id"] = "no-such-session";
  headers["Last-Event-ID"] = "7";
  HttpTestResult result = front.post(modern("tools/list"), headers);
  ASSERT_TRUE(result.ok()) << result.error;
  // The scripted server knows no tools/list: its -32601 comes back as 404, not a session's 404.
  EXPECT_EQ(result.response.status, 404) << result.response.body;
  EXPECT_EQ(at(result.response.body, "/error/code"), "-32601");
}

TEST(McpFrontModernTest, HeaderMismatchAndUnsupportedVersionAreRefused) {
  ModernFront front;
  HttpTestResult mismatch =
      front.post(modern("tools/call", R"("name":"echo")"), headers_for("tools/call", "other"));
  EXPECT_EQ(mismatch.response.status, 400);
  EXPECT_EQ(at(mismatch.response.body, "/error/code"), "-32020");
  std::string old = modern("tools/list");
  old.replace(old.find("2026-07-28"), 10, "2030-01-01");
  Headers headers = headers_for("tools/list");
  headers["MCP-Protocol-Version"] = "2030-01-01";
  HttpTestResult unsupported = front.post(old, headers);
  EXPECT_EQ(unsupported.response.status, 400);
  EXPECT_EQ(at(unsupported.response.body, "/error/code"), "-32022");
  EXPECT_EQ(at(unsupported.response.body, "/error/data/requested"), R"("2030-01-01")");
}

TEST(McpFrontModernTest, GetAndDeleteOfTheModernEraGet405) {
  ModernFront front;
  for (auto verb : {http::Verb::get, http::Verb::delete_}) {
    HttpTestClient client(front.harness.port());
    HttpTestResult result =
        client.request(verb, "/mcp/demo", "",
                       {{"Accept", "text/event-stream"}, {"MCP-Protocol-Version", "2026-07-28"}});
    EXPECT_EQ(result.response.status, 405);
    EXPECT_EQ(result.response.header("Allow"), "POST");
  }
}

TEST(McpFrontModernTest, LegacySessionsWorkBesideModernRequests) {
  ModernFront front;
  HttpTestClient client(front.harness.port());
  HttpTestResult opened = client.post_json(
      "/mcp/demo",
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
      R"("capabilities":{},"clientInfo":{"name":"v1","version":"1"}}})");
  ASSERT_EQ(opened.response.status, 200) << opened.response.body;
  const std::string sid = opened.response.header("Mcp-Session-Id");
  ASSERT_FALSE(sid.empty());
  EXPECT_EQ(at(opened.response.body, "/result/protocolVersion"), R"("2025-11-25")");
  HttpTestResult call = client.post_json(
      "/mcp/demo", R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo"}})",
      {{"Mcp-Session-Id", sid}, {"MCP-Protocol-Version", "2025-11-25"}});
  EXPECT_EQ(call.response.status, 200) << call.response.body;
  EXPECT_EQ(at(call.response.body, "/result/resultType"), "<missing>");
  HttpTestResult modern_call =
      front.post(modern("tools/call", R"("name":"echo")"), headers_for("tools/call", "echo"));
  EXPECT_EQ(at(modern_call.response.body, "/result/resultType"), R"("complete")");
  size_t sessions = 0;
  ASSERT_TRUE(
      front.harness.on_io([&] { sessions = front.harness.front().session_counts()["demo"]; }));
  EXPECT_EQ(sessions, 1u);  // the modern call opened none
}

TEST(McpFrontModernTest, AClientClosingItsPostCancelsTheRequestUpstream) {
  ModernFront front(server_answering("tools/call"));
  HttpTestClient client(front.harness.port());
  const std::string body = modern("tools/call", R"("name":"slow")");
  std::string head =
      "POST /mcp/demo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\n"
      "Mcp-Method: tools/call\r\nMcp-Name: slow\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  ASSERT_EQ(client.send_raw(head + body), "");
  auto forwarded = [&](const std::string& needle) {
    std::vector<std::string> found;
    EXPECT_TRUE(front.harness.on_io([&] {
      if (front.harness.channels().opened() > 0) {
        found = front.harness.channels().channel(0).sent_with(needle);
      }
    }));
    return found;
  };
  ASSERT_TRUE(eventually([&] { return forwarded("\"tools/call\"").size() == 1; }));
  const std::string backend_id = at(forwarded("\"tools/call\"").front(), "/id");
  client.close();
  ASSERT_TRUE(eventually([&] { return forwarded("notifications/cancelled").size() == 1; }));
  EXPECT_EQ(at(forwarded("notifications/cancelled").front(), "/params/requestId"), backend_id);
}

}  // namespace
}  // namespace berth::proxy::front::testing
