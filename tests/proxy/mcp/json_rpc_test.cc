// Unit tests of the JSON-RPC helpers: classification, raw ids, and message writers.
#include "proxy/mcp/json_rpc.h"

#include <gtest/gtest.h>

namespace berth::proxy::mcp {
namespace {

// `json` parsed; a test failure (and an empty document) when it is not JSON.
rapidjson::Document parse(std::string_view json) {
  auto parsed = parse_message(json);
  EXPECT_TRUE(parsed.ok()) << json;
  return parsed.ok() ? std::move(parsed).value() : rapidjson::Document();
}

TEST(JsonRpcTest, ClassifiesMessages) {
  const rapidjson::Document request = parse(R"({"jsonrpc":"2.0","id":"a","method":"x"})");
  auto shape = classify(request);  // method points into `request`
  EXPECT_EQ(shape.type, MessageType::kRequest);
  EXPECT_EQ(shape.method, "x");
  EXPECT_EQ(shape.id, R"("a")");
  EXPECT_EQ(classify(parse(R"({"jsonrpc":"2.0","method":"n"})")).type, MessageType::kNotification);
  shape = classify(parse(R"({"jsonrpc":"2.0","id":-4,"error":{"code":1,"message":"m"}})"));
  EXPECT_EQ(shape.type, MessageType::kResponse);
  EXPECT_EQ(shape.id, "-4");
  EXPECT_EQ(classify(parse(R"({"jsonrpc":"2.0","id":2.5,"method":"x"})")).type,
            MessageType::kInvalid);
  EXPECT_EQ(classify(parse(R"({"jsonrpc":2,"id":1,"method":"x"})")).id, "1");
  EXPECT_FALSE(classify(parse("null")).problem.empty());
}

TEST(JsonRpcTest, ParseErrorNamesOffset) {
  const auto parsed = parse_message(R"({"a":)");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error_code(), kParseError);
  EXPECT_NE(parsed.error().find("offset 5"), std::string::npos) << parsed.error();
}

TEST(JsonRpcTest, WritesMessagesWithRawIds) {
  EXPECT_EQ(result_response("7", "{}"), R"({"jsonrpc":"2.0","id":7,"result":{}})");
  EXPECT_EQ(error_response("", -32600, "bad \"x\""),
            R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"bad \"x\""}})");
  EXPECT_EQ(request_json(R"("r")", "m", R"({"a":1})"),
            R"({"jsonrpc":"2.0","id":"r","method":"m","params":{"a":1}})");
  EXPECT_EQ(notification_json("n", ""), R"({"jsonrpc":"2.0","method":"n"})");
  EXPECT_EQ(quote("a\nb"), R"("a\nb")");
}

TEST(JsonRpcTest, SetsRawMembersInNestedObjects) {
  rapidjson::Document message = parse(R"({"id":"s1-1","params":{"progressToken":"s1-1"}})");
  set_raw_member(message, "id", "18446744073709551615");
  set_raw_member(message, message["params"], "progressToken", R"("t")");
  set_raw_member(message, message["params"], "added", "[1]");
  EXPECT_EQ(to_json(message),
            R"({"id":18446744073709551615,"params":{"progressToken":"t","added":[1]}})");
}

}  // namespace
}  // namespace berth::proxy::mcp
