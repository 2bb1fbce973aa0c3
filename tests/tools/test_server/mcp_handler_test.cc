// Unit tests of the test server's MCP message handling, in process (no transport).
#include "tools/test_server/mcp_handler.h"

#include <gtest/gtest.h>

#include "tests/tools/test_server/mcp_test_messages.h"

namespace berth::test_server {
namespace {

using test_support::JsonAnswer;

JsonAnswer answer(const std::string& message) {
  McpHandler handler(nullptr);
  return JsonAnswer(handler.handle(message).value_or("<no answer>"));
}

TEST(TestServerMcpHandlerTest, InitializeNegotiatesVersion) {
  EXPECT_EQ(answer(test_support::initialize_request(1, "2025-03-26"))
                .string_at("/result/protocolVersion"),
            "2025-03-26");
  EXPECT_EQ(answer(test_support::initialize_request(1, "2024-11-05"))
                .string_at("/result/protocolVersion"),
            "2025-11-25");
  EXPECT_EQ(
      answer(test_support::request(1, "initialize", "{}")).string_at("/result/protocolVersion"),
      "2025-11-25");
}

TEST(TestServerMcpHandlerTest, PingAnswersEmptyObject) {
  EXPECT_EQ(answer(test_support::request(1, "ping")).json_at("/result"), "{}");
}

TEST(TestServerMcpHandlerTest, StringIdsAreEchoed) {
  JsonAnswer reply = answer(R"({"jsonrpc":"2.0","id":"abc","method":"ping"})");
  EXPECT_EQ(reply.string_at("/id"), "abc");
}

TEST(TestServerMcpHandlerTest, SleepIsASlowJob) {
  McpHandler handler(nullptr);
  Dispatch dispatched = handler.dispatch(test_support::sleep_call(4, 5));
  EXPECT_EQ(dispatched.kind, MessageKind::kRequest);
  EXPECT_EQ(dispatched.reply, "");
  ASSERT_TRUE(dispatched.slow_job);
  JsonAnswer reply(dispatched.slow_job());
  EXPECT_EQ(reply.int_at("/id"), 4);
  EXPECT_EQ(reply.string_at("/result/content/0/text"), "slept 5 ms");
}

TEST(TestServerMcpHandlerTest, EchoIsAnsweredAtOnce) {
  McpHandler handler(nullptr);
  Dispatch dispatched = handler.dispatch(test_support::echo_call(5, "now"));
  EXPECT_FALSE(dispatched.slow_job);
  EXPECT_EQ(JsonAnswer(dispatched.reply).string_at("/result/content/0/text"), "now");
}

TEST(TestServerMcpHandlerTest, BadToolCallsAreInvalidParams) {
  for (const std::string& call : {
           test_support::tool_call(1, "nope", "{}"),
           test_support::tool_call(1, "echo", "{}"),
           test_support::tool_call(1, "echo", "[]"),
           test_support::tool_call(1, "sleep", R"({"ms":"5"})"),
           test_support::tool_call(1, "sleep", R"({"ms":1.5})"),
           test_support::tool_call(1, "sleep", R"({"ms":-1})"),
           test_support::tool_call(1, "crash", R"({"code":256})"),
           test_support::request(1, "tools/call", R"({"arguments":{}})"),
           test_support::request(1, "tools/call", "7"),
       }) {
    EXPECT_EQ(answer(call).int_at("/error/code"), -32602) << call;
  }
}

TEST(TestServerMcpHandlerTest, UnknownMethodIsMethodNotFound) {
  JsonAnswer reply = answer(test_support::request(6, "prompts/list"));
  EXPECT_EQ(reply.int_at("/id"), 6);
  EXPECT_EQ(reply.int_at("/error/code"), -32601);
}

TEST(TestServerMcpHandlerTest, InvalidMessagesAreRejected) {
  EXPECT_EQ(answer("not json").int_at("/error/code"), -32700);
  EXPECT_EQ(answer("not json").json_at("/id"), "null");
  EXPECT_EQ(answer("[]").int_at("/error/code"), -32600);
  EXPECT_EQ(answer("42").int_at("/error/code"), -32600);
  EXPECT_EQ(answer(R"({"id":1,"method":"ping"})").int_at("/error/code"), -32600);
  EXPECT_EQ(answer(R"({"jsonrpc":"2.0","id":1})").int_at("/error/code"), -32600);
  EXPECT_EQ(answer(R"({"jsonrpc":"2.0","id":1,"method":3})").int_at("/error/code"), -32600);
  EXPECT_EQ(answer(R"({"jsonrpc":"2.0","id":null,"method":"ping"})").int_at("/error/code"), -32600);
}

TEST(TestServerMcpHandlerTest, NotificationsAndResponsesGetNoAnswer) {
  McpHandler handler(nullptr);
  for (const std::string& message : {test_support::initialized_notification(),
                                     std::string(R"({"jsonrpc":"2.0","method":"whatever"})"),
                                     std::string(R"({"jsonrpc":"2.0","id":3,"result":{}})"),
                                     std::string(R"({"jsonrpc":"2.0","id":3,"error":{}})")}) {
    EXPECT_FALSE(handler.handle(message)) << message;
  }
  EXPECT_EQ(handler.dispatch(test_support::initialized_notification()).kind,
            MessageKind::kNotification);
}

}  // namespace
}  // namespace berth::test_server
