// What a stateless (2026-07-28) client is told of a legacy backend: server/discover built from
// the backend's handshake, and results made modern.
#include "proxy/sessions/modern_results.h"

#include <gtest/gtest.h>

#include "multiplexer_harness.h"
#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::sessions {
namespace {

TEST(ModernResultsTest, DiscoverComesFromTheHandshake) {
  const std::string discover = discover_result(parse(kInitResult));
  EXPECT_EQ(at(discover, "/resultType"), R"("complete")");
  EXPECT_EQ(at(discover, "/supportedVersions"),
            R"(["2026-07-28","2025-11-25","2025-06-18","2025-03-26","2024-11-05"])");
  EXPECT_EQ(at(discover, "/_meta/io.modelcontextprotocol~1serverInfo"),
            R"({"name":"fake","version":"1.0"})");
  EXPECT_EQ(at(discover, "/instructions"), R"("be kind")");
  EXPECT_EQ(at(discover, "/ttlMs"), "0");
  EXPECT_EQ(at(discover, "/cacheScope"), R"("private")");
}

TEST(ModernResultsTest, DiscoverLeavesOutWhatBerthDoesNotServeStatelessly) {
  const std::string discover = discover_result(parse(kInitResult));
  EXPECT_EQ(at(discover, "/capabilities"), R"({"tools":{},"prompts":{},"resources":{}})");
  const std::string bare = discover_result(parse(R"({"protocolVersion":"2025-06-18"})"));
  EXPECT_EQ(at(bare, "/capabilities"), "{}");
  EXPECT_EQ(at(bare, "/instructions"), "<missing>");
  EXPECT_EQ(at(bare, "/_meta"), "<missing>");
}

TEST(ModernResultsTest, ResultsGetTheirTypeCachingHintsAndServerInfo) {
  auto listed = parse(R"({"jsonrpc":"2.0","id":1,"result":{"tools":[]}})");
  make_response_modern(listed, "tools/list", parse(kInitResult));
  EXPECT_EQ(mcp::to_json(listed),
            R"({"jsonrpc":"2.0","id":1,"result":{"tools":[],"resultType":"complete",)"
            R"("ttlMs":0,"cacheScope":"private","_meta":)"
            R"({"io.modelcontextprotocol/serverInfo":{"name":"fake","version":"1.0"}}}})");
  auto called = parse(R"({"jsonrpc":"2.0","id":1,"result":{"content":[]}})");
  make_response_modern(called, "tools/call", parse(kInitResult));
  EXPECT_EQ(at(mcp::to_json(called), "/result/resultType"), R"("complete")");
  EXPECT_EQ(at(mcp::to_json(called), "/result/ttlMs"), "<missing>");
}

TEST(ModernResultsTest, WhatTheBackendSetIsKept) {
  auto read =
      parse(R"({"jsonrpc":"2.0","id":1,"result":{"contents":[],"ttlMs":5000,"cacheScope":"public",)"
            R"("_meta":{"k":1}}})");
  make_response_modern(read, "resources/read", parse(kInitResult));
  const std::string json = mcp::to_json(read);
  EXPECT_EQ(at(json, "/result/ttlMs"), "5000");
  EXPECT_EQ(at(json, "/result/cacheScope"), R"("public")");
  EXPECT_EQ(at(json, "/result/_meta/k"), "1");
  EXPECT_EQ(at(json, "/result/_meta/io.modelcontextprotocol~1serverInfo/name"), R"("fake")");
}

TEST(ModernResultsTest, LegacyResourceNotFoundBecomesInvalidParams) {
  auto missing = parse(
      R"({"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"nope","data":{"uri":"x:"}}})");
  make_response_modern(missing, "resources/read", parse(kInitResult));
  EXPECT_EQ(at(mcp::to_json(missing), "/error/code"), "-32602");
  EXPECT_EQ(at(mcp::to_json(missing), "/error/data/uri"), R"("x:")");
  auto other = parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"x"}})");
  make_response_modern(other, "tools/call", parse(kInitResult));
  EXPECT_EQ(at(mcp::to_json(other), "/error/code"), "-32603");
}

}  // namespace
}  // namespace berth::proxy::sessions
