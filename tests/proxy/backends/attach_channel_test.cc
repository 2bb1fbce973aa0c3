// AttachChannel against real containers of berth/test-server over `docker attach`.
#include "proxy/backends/attach_channel.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "proxy/backends/attach_channels.h"
#include "tests/proxy/backends/docker_test_support.h"

namespace berth::proxy {
namespace {

using namespace std::chrono_literals;
using testing::Eventually;
using testing::IoThread;
using testing::TestContainer;

std::string echo_params(const std::string& text) {
  return R"({"name":"echo","arguments":{"text":")" + text + R"("}})";
}

class AttachChannelTest : public ::testing::Test {
 protected:
  void SetUp() override { BERTH_REQUIRE_DOCKER(); }
  void TearDown() override {
    io_.call([this] {
      if (backend_) backend_->close();
      backend_.reset();
      return 0;
    });
  }

  // Attaches to `container` (on the io thread).
  void attach(const TestContainer& container) {
    ASSERT_TRUE(container.ok()) << container.error();
    backend_ = io_.call([&] {
      auto backend = AttachChannel::create(io_.docker(), container.id(), "test");
      backend->set_closed_handler([this](const Error& reason) { closed_.set(reason.message); });
      backend->attach(5s);
      return backend;
    });
  }

  std::shared_ptr<Eventually<mcp::JsonRpcResult>> request(std::string method, std::string params,
                                                          std::chrono::milliseconds timeout = 10s) {
    auto result = std::make_shared<Eventually<mcp::JsonRpcResult>>();
    io_.call([&] {
      backend_->send_request(method, params, timeout, [result](mcp::JsonRpcResult answer) {
        result->set(std::move(answer));
      });
      return 0;
    });
    return result;
  }

  void expect_initialized() {
    auto init = std::make_shared<Eventually<mcp::JsonRpcResult>>();
    io_.call([&] {
      backend_->initialize(10s,
                           [init](mcp::JsonRpcResult answer) { init->set(std::move(answer)); });
      return 0;
    });
    auto answer = init->wait(15s);
    ASSERT_TRUE(answer.has_value()) << "initialize: no answer";
    ASSERT_TRUE(answer->ok()) << answer->error();
    EXPECT_STREQ(answer->value()["protocolVersion"].GetString(), "2025-06-18");
  }

  static std::string echoed_text(const mcp::JsonRpcResult& result) {
    return result.value()["content"][0]["text"].GetString();
  }

  IoThread io_;
  std::shared_ptr<AttachChannel> backend_;
  Eventually<std::string> closed_;
};

TEST_F(AttachChannelTest, InitializesAndEchoesThroughAttach) {
  TestContainer container(std::string("-i ") + testing::kImage);
  attach(container);
  expect_initialized();
  const bool kept = io_.call([this] { return backend_->initialize_result() != nullptr; });
  EXPECT_TRUE(kept);

  auto echo = request("tools/call", echo_params("hello through attach"));
  auto answer = echo->wait(10s);
  ASSERT_TRUE(answer.has_value());
  ASSERT_TRUE(answer->ok()) << answer->error();
  EXPECT_EQ(echoed_text(*answer), "hello through attach");
}

TEST_F(AttachChannelTest, ClientMessagesGoToTheMessageHandler) {
  TestContainer container(std::string("-i ") + testing::kImage);
  attach(container);
  expect_initialized();
  Eventually<std::string> seen;
  io_.call([&] {
    backend_->set_message_handler([&seen](rapidjson::Document message) {
      if (message.HasMember("id") && message["id"].IsInt() && message["id"].GetInt() == 42) {
        seen.set(message["result"]["content"][0]["text"].GetString());
      }
    });
    backend_->send(R"({"jsonrpc":"2.0","id":42,"method":"tools/call","params":)" +
                   echo_params("for a client") + "}");
    return 0;
  });
  EXPECT_EQ(seen.wait(10s).value_or("(no answer)"), "for a client");
  io_.call([this] {
    backend_->set_message_handler(nullptr);
    return 0;
  });
}

TEST_F(AttachChannelTest, SkipsNonJsonBanner) {
  TestContainer container(std::string("-i ") + testing::kImage + " --banner 'Welcome, not JSON'");
  attach(container);
  expect_initialized();
}

TEST_F(AttachChannelTest, StderrLinesDoNotDisturbStdout) {
  TestContainer container(std::string("-i ") + testing::kImage);
  attach(container);
  expect_initialized();
  // Every tool call writes a stderr line; answers must still arrive intact and matched.
  std::vector<std::shared_ptr<Eventually<mcp::JsonRpcResult>>> calls;
  for (int i = 0; i < 50; ++i) {
    calls.push_back(request("tools/call", echo_params("message " + std::to_string(i))));
  }
  for (int i = 0; i < 50; ++i) {
    auto answer = calls[i]->wait(10s);
    ASSERT_TRUE(answer.has_value()) << "call " << i;
    ASSERT_TRUE(answer->ok()) << answer->error();
    EXPECT_EQ(echoed_text(*answer), "message " + std::to_string(i));
  }
}

TEST_F(AttachChannelTest, MegabyteEchoRoundTrips) {
  TestContainer container(std::string("-i ") + testing::kImage);
  attach(container);
  expect_initialized();
  std::string text(1 << 20, 'a');
  for (size_t i = 0; i < text.size(); i += 1000) text[i] = static_cast<char>('b' + i % 20);
  auto answer = request("tools/call", echo_params(text), 20s)->wait(30s);
  ASSERT_TRUE(answer.has_value());
  ASSERT_TRUE(answer->ok()) << answer->error();
  EXPECT_TRUE(echoed_text(*answer) == text);
}

TEST_F(AttachChannelTest, PendingRequestFailsPromptlyWhenServerCrashes) {
  TestContainer container(std::string("-i ") + testing::kImage);
  attach(container);
  expect_initialized();
  auto sleeping = request("tools/call", R"({"name":"sleep","arguments":{"ms":5000}})", 30s);
  const auto crash_sent = std::chrono::steady_clock::now();
  auto crash = request("tools/call", R"({"name":"crash","arguments":{"code":3}})", 30s);
  auto answer = sleeping->wait(1s);
  ASSERT_TRUE(answer.has_value()) << "the pending sleep did not fail within 1 s of the crash";
  EXPECT_LT(std::chrono::steady_clock::now() - crash_sent, 1s);
  EXPECT_FALSE(answer->ok());
  auto crash_answer = crash->wait(1s);
  ASSERT_TRUE(crash_answer.has_value());
  EXPECT_FALSE(crash_answer->ok());
  EXPECT_TRUE(closed_.wait(1s).has_value());
  EXPECT_TRUE(io_.call([this] { return backend_->closed(); }));
}

TEST_F(AttachChannelTest, PendingRequestFailsPromptlyWhenContainerIsKilled) {
  TestContainer container(std::string("-i ") + testing::kImage);
  attach(container);
  expect_initialized();
  auto sleeping = request("tools/call", R"({"name":"sleep","arguments":{"ms":5000}})", 30s);
  ASSERT_EQ(testing::run_command("docker kill " + container.id() + " >/dev/null").exit_code, 0);
  const auto answer = sleeping->wait(1s);
  ASSERT_TRUE(answer.has_value()) << "the pending sleep did not fail within 1 s of docker kill";
  EXPECT_FALSE(answer->ok());
  EXPECT_TRUE(closed_.wait(1s).has_value());
}

TEST_F(AttachChannelTest, AttachToMissingContainerClosesWithReason) {
  backend_ = io_.call([&] {
    auto backend = AttachChannel::create(io_.docker(), "berth-no-such-container", "test");
    backend->set_closed_handler([this](const Error& reason) { closed_.set(reason.message); });
    backend->attach(5s);
    return backend;
  });
  auto answer = request("ping", "{}", 10s)->wait(5s);
  ASSERT_TRUE(answer.has_value());
  EXPECT_FALSE(answer->ok());
  const auto reason = closed_.wait(1s);
  ASSERT_TRUE(reason.has_value());
  EXPECT_NE(reason->find("No such container"), std::string::npos) << *reason;
}

TEST(AttachChannelsTest, OneBackendPerContainerUntilForgotten) {
  BERTH_REQUIRE_DOCKER();
  TestContainer container(std::string("-i ") + testing::kImage);
  ASSERT_TRUE(container.ok()) << container.error();
  IoThread io;
  auto registry = std::make_unique<AttachChannels>(io.docker());
  const bool same = io.call(
      [&] { return registry->get(container.id(), "a") == registry->get(container.id(), "a"); });
  EXPECT_TRUE(same);
  const bool forgotten = io.call([&] {
    auto first = registry->get(container.id(), "a");
    registry->forget(container.id());
    const bool gone = first->closed() && registry->find(container.id()) == nullptr;
    return gone && registry->get(container.id(), "a") != first;
  });
  EXPECT_TRUE(forgotten);
  io.call([&] {
    registry.reset();
    return 0;
  });
}

}  // namespace
}  // namespace berth::proxy
