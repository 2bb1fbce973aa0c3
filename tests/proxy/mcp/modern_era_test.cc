// The modern era's per-request readers: versions, _meta, the name headers mirror, and the
// Base64 sentinel form of header values (the spec's own examples).
#include "proxy/mcp/modern_era.h"

#include <gtest/gtest.h>

#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::mcp {
namespace {

rapidjson::Document parse(const char* json) {
  rapidjson::Document document;
  document.Parse(json);
  return document;
}

TEST(ModernEraTest, KnowsItsVersions) {
  EXPECT_TRUE(is_modern_version("2026-07-28"));
  EXPECT_FALSE(is_modern_version("2025-11-25"));
  EXPECT_FALSE(is_modern_version(""));
}

TEST(ModernEraTest, ReadsMetaStrings) {
  auto message = parse(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":)"
                       R"({"io.modelcontextprotocol/protocolVersion":"2026-07-28","n":3}}})");
  EXPECT_EQ(meta_string(message, kMetaProtocolVersion), "2026-07-28");
  EXPECT_EQ(meta_string(message, "n"), std::nullopt);
  EXPECT_EQ(meta_string(parse(R"({"params":{"_meta":[]}})"), kMetaProtocolVersion), std::nullopt);
  EXPECT_EQ(request_meta(parse(R"({"params":{}})")), nullptr);
}

TEST(ModernEraTest, NamesTheBodyValueMcpNameMirrors) {
  auto call = parse(R"({"params":{"name":"echo","uri":"x://y"}})");
  EXPECT_EQ(name_of(call, "tools/call"), "echo");
  EXPECT_EQ(name_of(call, "prompts/get"), "echo");
  EXPECT_EQ(name_of(call, "resources/read"), "x://y");
  EXPECT_EQ(name_of(call, "tools/list"), std::nullopt);
  EXPECT_EQ(name_of(parse(R"({"params":{}})"), "tools/call"), std::nullopt);
}

TEST(ModernEraTest, DecodesTheSpecsSentinelExamples) {
  EXPECT_EQ(*decode_header_value("us-west1"), "us-west1");
  EXPECT_EQ(*decode_header_value("=?base64?SGVsbG8sIOS4lueVjA==?="), "Hello, 世界");
  EXPECT_EQ(*decode_header_value("=?base64?IHBhZGRlZCA=?="), " padded ");
  EXPECT_EQ(*decode_header_value("=?base64?bGluZTEKbGluZTI=?="), "line1\nline2");
  EXPECT_EQ(*decode_header_value("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?="), "=?base64?literal?=");
  EXPECT_EQ(*decode_header_value("=?base64?SGk?="), "Hi");  // unpadded
}

TEST(ModernEraTest, TrimsSurroundingWhitespaceOfPlainValues) {
  EXPECT_EQ(*decode_header_value("  echo \t"), "echo");
}

TEST(ModernEraTest, RefusesMalformedSentinelsAndUnsafeCharacters) {
  EXPECT_FALSE(decode_header_value("=?base64?SGV*bG8=?=").ok());
  EXPECT_FALSE(decode_header_value("=?base64?S?=").ok());  // a dangling 6 bits
  EXPECT_FALSE(decode_header_value("caf\xc3\xa9").ok());
  EXPECT_FALSE(decode_header_value("a\x01"
                                   "b")
                   .ok());
  // The markers are case-sensitive: another case is a plain value.
  EXPECT_EQ(*decode_header_value("=?BASE64?SGk?="), "=?BASE64?SGk?=");
}

}  // namespace
}  // namespace berth::proxy::mcp
