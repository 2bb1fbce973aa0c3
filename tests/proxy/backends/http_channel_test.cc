// HttpChannel against the real berth-test-server in Streamable HTTP mode, run as a child process
// on 127.0.0.1: the handshake, answers routed back with the client's ids, concurrent calls, and
// what a server that dies mid-call leaves behind.
#include "proxy/backends/http_channel.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <memory>

#include "tests/proxy/backends/channel_test_support.h"
#include "tests/proxy/front/fake_backend.h"
#include "tests/tools/test_server/mcp_test_messages.h"
#include "tests/tools/test_server/test_server_process.h"

namespace berth::proxy {
namespace {

using namespace std::chrono_literals;
using testing::ChannelRecorder;
using testing::run_until;

class HttpChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = test_support::start_listening_test_server("http");
    ASSERT_TRUE(server_.ok()) << server_.error;
  }
  void TearDown() override {
    if (channel_) channel_->close();
    io_.restart();
    io_.run_for(2s);  // returns as soon as the DELETE and the aborted I/O are done
  }

  HttpChannel& open(int port) {
    channel_ = HttpChannel::create(io_, "everything", "0123456789abcdef", port, "/mcp",
                                   HttpChannelOptions{.connect_timeout = 2s});
    recorder_.attach(*channel_);
    channel_->open();
    return *channel_;
  }
  HttpChannel& open_initialized() {
    HttpChannel& channel = open(server_.port);
    auto result = testing::initialize(io_, channel);
    EXPECT_TRUE(result && result->ok()) << (result && !result->ok() ? result->error() : "none");
    return channel;
  }

  test_support::StartedServer server_;
  boost::asio::io_context io_;
  ChannelRecorder recorder_;
  std::shared_ptr<HttpChannel> channel_;
};

TEST_F(HttpChannelTest, InitializeReturnsTheServersResultAndKeepsItsSession) {
  HttpChannel& channel = open(server_.port);
  auto result = testing::initialize(io_, channel);
  ASSERT_TRUE(result);
  ASSERT_TRUE(result->ok()) << result->error();
  EXPECT_EQ(testing::string_at(result->value(), "/protocolVersion"),
            mcp::McpChannel::kProtocolVersion);
  EXPECT_EQ(testing::string_at(result->value(), "/serverInfo/name"), "berth-test-server");
  EXPECT_FALSE(channel.session_id().empty());
  EXPECT_FALSE(channel.closed());
}

TEST_F(HttpChannelTest, EchoIsAnsweredThroughTheMessageHandlerWithTheClientsId) {
  HttpChannel& channel = open_initialized();
  channel.send(test_support::echo_call(7, "over streamable http"));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.answer("7") != nullptr; }));
  EXPECT_EQ(testing::string_at(*recorder_.answer("7"), "/result/content/0/text"),
            "over streamable http");
  EXPECT_FALSE(channel.closed());
}

TEST_F(HttpChannelTest, ConcurrentRequestsAreAnsweredIndependently) {
  HttpChannel& channel = open_initialized();
  channel.send(test_support::sleep_call(1, 1500));
  for (int id = 2; id <= 6; ++id) channel.send(test_support::echo_call(id, std::to_string(id)));
  // The echoes are answered while the sleep still runs: one POST does not wait for another.
  ASSERT_TRUE(run_until(io_, [&] {
    for (int id = 2; id <= 6; ++id) {
      if (recorder_.answer(std::to_string(id)) == nullptr) return false;
    }
    return true;
  }));
  EXPECT_EQ(recorder_.answer("1"), nullptr);
  for (int id = 2; id <= 6; ++id) {
    EXPECT_EQ(testing::string_at(*recorder_.answer(std::to_string(id)), "/result/content/0/text"),
              std::to_string(id));
  }
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.answer("1") != nullptr; }));
  EXPECT_EQ(testing::string_at(*recorder_.answer("1"), "/result/content/0/text"), "slept 1500 ms");
}

TEST_F(HttpChannelTest, ServerKilledDuringASleepClosesTheChannel) {
  HttpChannel& channel = open_initialized();
  channel.send(test_support::sleep_call(1, 60'000));
  ASSERT_TRUE(testing::run_until_stderr(io_, *server_.process, "call tool=sleep"));
  ASSERT_TRUE(server_.process->send_signal(SIGKILL));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.closed.has_value(); }));
  EXPECT_TRUE(channel.closed());
  EXPECT_EQ(recorder_.closed_calls, 1);
  EXPECT_NE(recorder_.closed->message.find("posting a message"), std::string::npos)
      << recorder_.closed->message;
  EXPECT_EQ(recorder_.answer("1"), nullptr);
}

TEST_F(HttpChannelTest, ServerKilledFailsBerthsPendingRequestsAtOnce) {
  HttpChannel& channel = open(server_.port);
  ASSERT_TRUE(server_.process->send_signal(SIGSTOP));  // accepts connections, answers nothing
  std::optional<mcp::JsonRpcResult> result;
  channel.initialize(30s,
                     [&result](mcp::JsonRpcResult answer) { result.emplace(std::move(answer)); });
  run_until(
      io_, [] { return false; }, 300ms);  // the initialize POST goes out and waits
  ASSERT_FALSE(result);
  ASSERT_TRUE(server_.process->send_signal(SIGKILL));
  ASSERT_TRUE(run_until(
      io_, [&] { return result.has_value(); }, 5s));
  ASSERT_FALSE(result->ok());
  EXPECT_NE(result->error().find("initialize: posting a message"), std::string::npos)
      << result->error();
  EXPECT_TRUE(channel.closed());
  EXPECT_EQ(recorder_.closed_calls, 1);
}

TEST_F(HttpChannelTest, NothingListeningClosesTheChannelWithTheReason) {
  HttpChannel& channel = open(front::testing::unused_port());
  auto result = testing::initialize(io_, channel);
  ASSERT_TRUE(result);
  ASSERT_FALSE(result->ok());
  ASSERT_TRUE(recorder_.closed);
  EXPECT_NE(recorder_.closed->message.find("connect to 127.0.0.1"), std::string::npos)
      << recorder_.closed->message;
}

TEST_F(HttpChannelTest, PortOutOfRangeClosesTheChannelOnOpen) {
  open(0);
  ASSERT_TRUE(recorder_.closed);
  EXPECT_EQ(recorder_.closed->message, "no port published on 127.0.0.1");
}

}  // namespace
}  // namespace berth::proxy
