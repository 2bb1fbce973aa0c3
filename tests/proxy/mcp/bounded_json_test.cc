#include "proxy/mcp/bounded_json.h"

#include <gtest/gtest.h>

#include <string>

#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::mcp {
namespace {

// `depth` nested arrays around `inner`.
std::string nested(size_t depth, const std::string& inner = "1") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

// A tools/call whose one argument is `depth` levels deep; the envelope adds 3 levels.
std::string deep_call(size_t depth) {
  return R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo",)"
         R"("arguments":{"deep":)" +
         nested(depth) + "}}}";
}

// A batch of `items` pings.
std::string batch(size_t items) {
  std::string json = "[";
  for (size_t i = 0; i < items; ++i) {
    if (i > 0) json += ",";
    json += R"({"jsonrpc":"2.0","id":)" + std::to_string(i) + R"(,"method":"ping"})";
  }
  return json + "]";
}

TEST(BoundedJsonTest, NestingAtTheLimitParses) {
  auto parsed = parse_json(nested(kMaxJsonDepth));
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(to_json(*parsed), nested(kMaxJsonDepth));
  EXPECT_TRUE(check_json(nested(kMaxJsonDepth)));
  EXPECT_TRUE(parse_json(deep_call(kMaxJsonDepth - 3)));
}

TEST(BoundedJsonTest, OneLevelPastTheLimitIsAnInvalidRequest) {
  for (const std::string& json : {nested(kMaxJsonDepth + 1), deep_call(kMaxJsonDepth - 2)}) {
    auto parsed = parse_json(json);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error_code(), kInvalidRequest);
    EXPECT_EQ(parsed.error(), "JSON nested deeper than 128 levels");
    Status checked = check_json(json);
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error_code(), kInvalidRequest);
  }
}

TEST(BoundedJsonTest, ObjectsCountAsLevelsToo) {
  std::string json;
  for (size_t i = 0; i <= kMaxJsonDepth; ++i) json += R"({"a":)";
  json += "1" + std::string(kMaxJsonDepth + 1, '}');
  EXPECT_EQ(parse_json(json).error_code(), kInvalidRequest);
}

// The tester's bomb: 100k levels in 200 KB crashed the recursive parser (stack overflow).
TEST(BoundedJsonTest, AHundredThousandLevelsAreRefusedWithoutRecursion) {
  const std::string bomb = deep_call(100'000);
  EXPECT_EQ(parse_json(bomb).error_code(), kInvalidRequest);
  EXPECT_EQ(check_json(bomb).error_code(), kInvalidRequest);
  EXPECT_EQ(parse_message(bomb).error_code(), kInvalidRequest);
  // Unclosed, so never valid JSON: the limit is still what stops it.
  EXPECT_EQ(parse_json(std::string(100'000, '[')).error_code(), kInvalidRequest);
}

TEST(BoundedJsonTest, TextThatIsNotJsonIsAParseError) {
  for (const char* text : {"", "{not json", "[1,]", "{} {}", "\"unterminated"}) {
    auto parsed = parse_json(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error_code(), kParseError) << text;
    EXPECT_NE(parsed.error().find("at offset"), std::string::npos) << parsed.error();
    EXPECT_EQ(check_json(text).error_code(), kParseError) << text;
  }
}

TEST(BoundedJsonTest, ParsesWhatTheRecursiveParserParses) {
  for (const char* text :
       {R"({"jsonrpc":"2.0","id":"a\"b","method":"x","params":{"n":[1,-2,3.5,1e300,null]}})",
        R"([true,false,{"":{}},[],"\u00e9\ud83d\ude00"])", "18446744073709551615", " 0 "}) {
    rapidjson::Document expected;
    expected.Parse(text);
    ASSERT_FALSE(expected.HasParseError()) << text;
    auto parsed = parse_json(text);
    ASSERT_TRUE(parsed) << parsed.error();
    EXPECT_EQ(to_json(*parsed), to_json(expected)) << text;
  }
}

TEST(BoundedJsonTest, ABatchAtTheItemCapParsesAndOneMoreIsRefused) {
  constexpr JsonLimits kLimits{.max_depth = kMaxJsonDepth, .max_items = 100};
  auto at_cap = parse_json(batch(100), kLimits);
  ASSERT_TRUE(at_cap) << at_cap.error();
  EXPECT_EQ(at_cap->Size(), 100u);
  auto over = parse_json(batch(101), kLimits);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error_code(), kInvalidRequest);
  EXPECT_EQ(over.error(), "a batch of more than 100 messages");
  EXPECT_EQ(check_json(batch(9'500), kLimits).error_code(), kInvalidRequest);
  // Only a top-level array is a batch: arrays inside a message are not counted.
  std::string long_list = "[";
  for (int i = 0; i < 500; ++i) long_list += i == 0 ? "0" : ",0";
  EXPECT_TRUE(parse_json(R"({"a":)" + long_list + "]}", kLimits));
}

TEST(BoundedJsonTest, LeadingResponseIdFindsTheIdBeforeTheDeepPart) {
  EXPECT_EQ(leading_response_id(R"({"jsonrpc":"2.0","id":"s1-7","result":)" + nested(500) + "}"),
            R"("s1-7")");
  EXPECT_EQ(leading_response_id(R"({"id":42,"result":)" + nested(500) + "}"), "42");
  // A request (method before the depth), an id after the depth, an id nested: none.
  EXPECT_EQ(leading_response_id(R"({"method":"x","id":1,"params":)" + nested(500) + "}"),
            std::nullopt);
  EXPECT_EQ(leading_response_id(R"({"result":)" + nested(500) + R"(,"id":1})"), std::nullopt);
  EXPECT_EQ(leading_response_id(R"({"x":{"id":1},"result":)" + nested(500) + "}"), std::nullopt);
  EXPECT_EQ(leading_response_id(R"({"id":1.5,"result":)" + nested(500) + "}"), std::nullopt);
}

}  // namespace
}  // namespace berth::proxy::mcp
