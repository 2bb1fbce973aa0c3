// Unit tests of read_server_message: what a server sends is read within berth's JSON limits, and
// a message too deep to read fails the request it answers instead of leaving its caller waiting.
#include "proxy/mcp/server_message.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <optional>
#include <string>
#include <vector>

#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::mcp {
namespace {

std::string nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

class ServerMessageTest : public ::testing::Test {
 protected:
  ServerMessageTest() {
    core_.set_message_handler(
        [this](rapidjson::Document message) { handed_.push_back(mcp::to_json(message)); });
  }

  boost::asio::io_context io_;
  std::vector<std::string> written_;
  std::vector<std::string> handed_;  // what the core handed to its message handler
  McpClientCore core_{io_, "server=test", [this](std::string m) { written_.push_back(m); }};
};

TEST_F(ServerMessageTest, AMessageWithinTheLimitsIsRead) {
  auto message = read_server_message(
      core_, R"({"jsonrpc":"2.0","id":"s1-1","result":{"a":)" + nested(120) + "}}");
  ASSERT_TRUE(message);
  EXPECT_TRUE(message->IsObject());
  EXPECT_TRUE(handed_.empty());
}

TEST_F(ServerMessageTest, AnOverDeepAnswerFailsTheRequestItAnswers) {
  EXPECT_FALSE(read_server_message(
      core_, R"({"jsonrpc":"2.0","id":"s1-7","result":{"a":)" + nested(100'000) + "}}"));
  ASSERT_EQ(handed_.size(), 1u);
  auto error = mcp::parse_message(handed_[0]);
  ASSERT_TRUE(error);
  EXPECT_EQ(mcp::to_json((*error)["id"]), R"("s1-7")");
  EXPECT_EQ((*error)["error"]["code"].GetInt(), mcp::kInternalError);
}

TEST_F(ServerMessageTest, AnOverDeepAnswerToBerthsOwnRequestFailsIt) {
  std::optional<JsonRpcResult> result;
  core_.send_request("tools/list", "", std::chrono::seconds(5),
                     [&](JsonRpcResult r) { result = std::move(r); });
  ASSERT_EQ(written_.size(), 1u);
  auto request = mcp::parse_message(written_[0]);
  ASSERT_TRUE(request);
  const std::string id = mcp::to_json((*request)["id"]);  // "berth:<run tag>:1"
  EXPECT_FALSE(read_server_message(
      core_, R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":)" + nested(100'000) + "}"));
  io_.poll();
  ASSERT_TRUE(result);
  EXPECT_FALSE(*result);
  EXPECT_NE(result->error().find("nested deeper than 128"), std::string::npos) << result->error();
}

TEST_F(ServerMessageTest, OverDeepNotificationsAndTextThatIsNotJsonRpcAreSkipped) {
  EXPECT_FALSE(read_server_message(
      core_, R"({"jsonrpc":"2.0","method":"notifications/message","params":)" + nested(500) + "}"));
  EXPECT_FALSE(read_server_message(core_, "server starting..."));
  EXPECT_FALSE(read_server_message(core_, "[1,2]"));
  EXPECT_TRUE(handed_.empty());
}

TEST_F(ServerMessageTest, ABatchIsReadOnlyWhereOneMayCome) {
  const std::string batch = R"([{"jsonrpc":"2.0","id":1,"result":{}}])";
  EXPECT_FALSE(read_server_message(core_, batch));
  auto read = read_server_message(core_, batch, ServerMessageShape::kMessageOrBatch);
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->IsArray());
}

}  // namespace
}  // namespace berth::proxy::mcp
