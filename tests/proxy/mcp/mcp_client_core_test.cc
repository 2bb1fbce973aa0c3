// Unit tests of McpClientCore's ids: berth's own requests carry a tag fresh per core, so the late
// answer a server gives to an earlier berth run's (or another channel's) "berth:" request completes
// nothing here and reaches no message handler. No I/O: `write` records, the test dispatches.
#include "proxy/mcp/mcp_client_core.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::mcp {
namespace {

class McpClientCoreTest : public ::testing::Test {
 protected:
  // A core as one berth run has it; `written` gets what it sends.
  std::unique_ptr<McpClientCore> make_core(std::vector<std::string>& written,
                                           std::string id_tag = mcp::new_upstream_tag()) {
    auto core = std::make_unique<McpClientCore>(
        io_, "server=t", [&written](std::string message) { written.push_back(std::move(message)); },
        std::move(id_tag));
    core->set_message_handler(
        [this](rapidjson::Document message) { handed_on_.push_back(mcp::to_json(message)); });
    return core;
  }

  static std::string id_of(const std::string& message) {
    auto parsed = mcp::parse_message(message);
    EXPECT_TRUE(parsed.ok());
    return mcp::to_json((*parsed)["id"]);
  }

  static rapidjson::Document answer(const std::string& raw_id, std::string_view result) {
    return std::move(mcp::parse_message(mcp::result_response(raw_id, result))).value();
  }

  boost::asio::io_context io_;
  std::vector<std::string> handed_on_;
};

TEST_F(McpClientCoreTest, OwnRequestIdsCarryTheCoresTag) {
  std::vector<std::string> written;
  auto core = make_core(written, "feedface");
  core->send_request("ping", "{}", std::chrono::seconds(5), [](JsonRpcResult) {});
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(id_of(written[0]), R"("berth:feedface:1")");
}

// The first run pinged; it was killed; the second run's first request has the same number. The
// server's late answer to the first run's ping must not pass for the second run's answer.
TEST_F(McpClientCoreTest, AnswerToAnEarlierRunsRequestCompletesNothing) {
  std::vector<std::string> first_written;
  auto first_run = make_core(first_written);
  first_run->send_request("ping", "{}", std::chrono::seconds(5), [](JsonRpcResult) {});
  const std::string old_id = id_of(first_written.at(0));

  std::vector<std::string> written;
  auto second_run = make_core(written);
  std::optional<std::string> got;
  second_run->send_request("tools/list", "{}", std::chrono::seconds(5),
                           [&got](JsonRpcResult result) {
                             got = result ? mcp::to_json(*result) : "error: " + result.error();
                           });
  const std::string new_id = id_of(written.at(0));
  EXPECT_NE(old_id, new_id);

  second_run->dispatch(answer(old_id, R"({"from":"the first run"})"));
  second_run->dispatch(answer(R"("berth:1")", R"({"from":"an older berth"})"));
  EXPECT_FALSE(got);
  EXPECT_TRUE(handed_on_.empty());  // a "berth:" answer never goes to the sessions either
  second_run->dispatch(answer(new_id, R"({"tools":[]})"));
  EXPECT_EQ(got, R"({"tools":[]})");
}

TEST_F(McpClientCoreTest, OtherMessagesGoToTheMessageHandler) {
  std::vector<std::string> written;
  auto core = make_core(written);
  core->dispatch(answer(R"("s1-1")", "{}"));
  core->dispatch(answer("7", "{}"));
  EXPECT_EQ(handed_on_.size(), 2u);
}

// Before the first client connects no front listens to the channel: what the server asks then
// (server-everything asks for roots at start) is berth's to answer at once, never left to the
// server's 60 s timeout.
TEST_F(McpClientCoreTest, AnswersServerRequestsItselfWhileNoSessionListens) {
  std::vector<std::string> written;
  McpClientCore core(io_, "server=t", [&written](std::string m) { written.push_back(m); });
  auto request = [](std::string_view id, std::string_view method) {
    return std::move(mcp::parse_message(mcp::request_json(id, method, "{}"))).value();
  };
  core.dispatch(request("1", "roots/list"));
  core.dispatch(request(R"("p")", "ping"));
  core.dispatch(request("2", "sampling/createMessage"));
  core.dispatch(std::move(mcp::parse_message(mcp::notification_json(
                              "notifications/message", R"({"level":"info","data":"x"})")))
                    .value());
  ASSERT_EQ(written.size(), 3u);
  EXPECT_EQ(written[0], R"({"jsonrpc":"2.0","id":1,"result":{"roots":[]}})");
  EXPECT_EQ(written[1], R"({"jsonrpc":"2.0","id":"p","result":{}})");
  EXPECT_NE(written[2].find(R"("id":2,"error":{"code":-32603)"), std::string::npos) << written[2];
}

}  // namespace
}  // namespace berth::proxy::mcp
