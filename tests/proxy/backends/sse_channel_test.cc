// SseChannel against the real berth-test-server in legacy HTTP+SSE mode, run as a child process
// on 127.0.0.1, and against a scripted fake server for what the real one never does (a missing
// endpoint, a wrong content type, a session it forgets).
#include "proxy/backends/sse_channel.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <memory>

#include "tests/proxy/backends/channel_test_support.h"
#include "tests/proxy/backends/concurrent_fake_server.h"
#include "tests/proxy/front/fake_backend.h"
#include "tests/tools/test_server/mcp_test_messages.h"
#include "tests/tools/test_server/test_server_process.h"

namespace berth::proxy {
namespace {

using namespace std::chrono_literals;
using testing::BackendConnection;
using testing::ChannelRecorder;
using testing::run_until;

class SseChannelTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (channel_) channel_->close();
    io_.restart();
    io_.run_for(2s);
  }

  SseChannel& open(int port, SseChannelOptions options = {}) {
    options.connect_timeout = 2s;
    channel_ = SseChannel::create(io_, "legacy", "0123456789abcdef", port, "/sse", options);
    recorder_.attach(*channel_);
    channel_->open();
    return *channel_;
  }
  SseChannel& open_server() {
    server_ = test_support::start_listening_test_server("sse");
    EXPECT_TRUE(server_.ok()) << server_.error;
    return open(server_.port);
  }
  SseChannel& open_initialized() {
    SseChannel& channel = open_server();
    auto result = testing::initialize(io_, channel);
    EXPECT_TRUE(result && result->ok()) << (result && !result->ok() ? result->error() : "none");
    return channel;
  }

  test_support::StartedServer server_;
  std::unique_ptr<testing::ConcurrentFakeServer> fake_;
  boost::asio::io_context io_;
  ChannelRecorder recorder_;
  std::shared_ptr<SseChannel> channel_;
};

TEST_F(SseChannelTest, InitializeReturnsTheServersResult) {
  SseChannel& channel = open_server();
  auto result = testing::initialize(io_, channel);
  ASSERT_TRUE(result);
  ASSERT_TRUE(result->ok()) << result->error();
  EXPECT_EQ(testing::string_at(result->value(), "/protocolVersion"),
            mcp::McpChannel::kProtocolVersion);
  EXPECT_EQ(testing::string_at(result->value(), "/serverInfo/name"), "berth-test-server");
  EXPECT_TRUE(channel.endpoint().starts_with("/messages?sessionId=")) << channel.endpoint();
}

TEST_F(SseChannelTest, EchoIsAnsweredThroughTheMessageHandlerWithTheClientsId) {
  SseChannel& channel = open_initialized();
  channel.send(test_support::echo_call(7, "over sse"));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.answer("7") != nullptr; }));
  EXPECT_EQ(testing::string_at(*recorder_.answer("7"), "/result/content/0/text"), "over sse");
  EXPECT_FALSE(channel.closed());
}

TEST_F(SseChannelTest, ConcurrentRequestsAreAnsweredIndependently) {
  SseChannel& channel = open_initialized();
  channel.send(test_support::sleep_call(1, 1500));
  for (int id = 2; id <= 6; ++id) channel.send(test_support::echo_call(id, std::to_string(id)));
  ASSERT_TRUE(run_until(io_, [&] {
    for (int id = 2; id <= 6; ++id) {
      if (recorder_.answer(std::to_string(id)) == nullptr) return false;
    }
    return true;
  }));
  EXPECT_EQ(recorder_.answer("1"), nullptr);  // still sleeping: the echoes did not wait for it
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.answer("1") != nullptr; }));
  EXPECT_EQ(testing::string_at(*recorder_.answer("1"), "/result/content/0/text"), "slept 1500 ms");
}

TEST_F(SseChannelTest, ServerKilledDuringASleepClosesTheChannel) {
  SseChannel& channel = open_initialized();
  channel.send(test_support::sleep_call(1, 60'000));
  ASSERT_TRUE(testing::run_until_stderr(io_, *server_.process, "call tool=sleep"));
  ASSERT_TRUE(server_.process->send_signal(SIGKILL));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.closed.has_value(); }));
  EXPECT_TRUE(channel.closed());
  EXPECT_EQ(recorder_.closed_calls, 1);
  // The stream breaks, or the POST whose 202 was on its way does: either ends the channel.
  const std::string& reason = recorder_.closed->message;
  EXPECT_TRUE(reason.starts_with("SSE stream: ") || reason.starts_with("posting a message: "))
      << reason;
  EXPECT_EQ(recorder_.answer("1"), nullptr);
}

TEST_F(SseChannelTest, ServerKilledFailsBerthsPendingRequestsAtOnce) {
  SseChannel& channel = open_server();
  ASSERT_TRUE(run_until(io_, [&] { return !channel.endpoint().empty(); }));
  ASSERT_TRUE(server_.process->send_signal(SIGSTOP));  // accepts connections, answers nothing
  std::optional<mcp::JsonRpcResult> result;
  channel.initialize(30s,
                     [&result](mcp::JsonRpcResult answer) { result.emplace(std::move(answer)); });
  run_until(
      io_, [] { return false; }, 300ms);
  ASSERT_FALSE(result);
  ASSERT_TRUE(server_.process->send_signal(SIGKILL));
  ASSERT_TRUE(run_until(
      io_, [&] { return result.has_value(); }, 5s));
  ASSERT_FALSE(result->ok());
  EXPECT_TRUE(result->error().starts_with("initialize: ")) << result->error();
  EXPECT_TRUE(channel.closed());
  EXPECT_EQ(recorder_.closed_calls, 1);
}

TEST_F(SseChannelTest, ForgottenSessionClosesTheChannelAndAnswersTheRequest) {
  fake_ = std::make_unique<testing::ConcurrentFakeServer>([](BackendConnection& connection) {
    auto request = connection.read_request(5s);
    if (!request) return;
    if (request->method == "GET") {
      connection.write(testing::kEventStreamHead);
      connection.write(testing::event_chunk("endpoint", "/messages?sessionId=gone"));
      [[maybe_unused]] bool closed = connection.wait_closed(5s);
      return;
    }
    connection.write(testing::http_answer(404, "text/plain", "unknown session\n"));
  });
  SseChannel& channel = open(fake_->port());
  channel.send(test_support::echo_call(3, "lost"));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.closed.has_value(); }));
  EXPECT_NE(recorder_.closed->message.find("forgot berth's session"), std::string::npos)
      << recorder_.closed->message;
  ASSERT_NE(recorder_.answer("3"), nullptr);
  EXPECT_TRUE(recorder_.answer("3")->HasMember("error"));
}

TEST_F(SseChannelTest, StreamWithoutEndpointClosesTheChannel) {
  fake_ = std::make_unique<testing::ConcurrentFakeServer>([](BackendConnection& connection) {
    if (!connection.read_request(5s)) return;
    connection.write(testing::kEventStreamHead);
    [[maybe_unused]] bool closed = connection.wait_closed(5s);
  });
  SseChannel& channel = open(fake_->port(), SseChannelOptions{.endpoint_timeout = 200ms});
  ASSERT_TRUE(run_until(
      io_, [&] { return recorder_.closed.has_value(); }, 5s));
  EXPECT_TRUE(channel.closed());
  EXPECT_EQ(recorder_.closed->message, "no endpoint event within 200 ms");
}

TEST_F(SseChannelTest, WrongContentTypeClosesTheChannel) {
  fake_ = std::make_unique<testing::ConcurrentFakeServer>([](BackendConnection& connection) {
    if (!connection.read_request(5s)) return;
    connection.write(testing::http_answer(200, "application/json", "{}"));
  });
  open(fake_->port());
  ASSERT_TRUE(run_until(
      io_, [&] { return recorder_.closed.has_value(); }, 5s));
  EXPECT_EQ(recorder_.closed->message,
            "SSE stream: content type is 'application/json', not text/event-stream");
}

TEST_F(SseChannelTest, NothingListeningClosesTheChannelWithTheReason) {
  open(front::testing::unused_port());
  ASSERT_TRUE(run_until(
      io_, [&] { return recorder_.closed.has_value(); }, 5s));
  EXPECT_NE(recorder_.closed->message.find("connect to 127.0.0.1"), std::string::npos)
      << recorder_.closed->message;
}

}  // namespace
}  // namespace berth::proxy
