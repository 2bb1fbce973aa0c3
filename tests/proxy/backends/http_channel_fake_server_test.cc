// HttpChannel against a scripted fake server: what the real test server never does (sessions it
// forgets, refusals, event-stream answers, a standalone GET stream) and the headers and order of
// what berth sends.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "proxy/backends/http_channel.h"
#include "proxy/mcp/json_rpc.h"
#include "tests/proxy/backends/channel_test_support.h"
#include "tests/proxy/backends/concurrent_fake_server.h"
#include "tests/tools/test_server/mcp_test_messages.h"

namespace berth::proxy {
namespace {

using namespace std::chrono_literals;
using front::testing::ReceivedRequest;
using testing::BackendConnection;
using testing::ChannelRecorder;
using testing::run_until;

constexpr std::string_view kSessionId = "session-1";

// What the fake server received, in arrival order (thread-safe).
class RequestLog {
 public:
  void add(const ReceivedRequest& request) {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
  }
  std::vector<ReceivedRequest> all() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  // The first request with `method` whose body's JSON-RPC method is `rpc` ("" for none).
  std::optional<ReceivedRequest> find(std::string_view method, std::string_view rpc = "") {
    std::lock_guard lock(mutex_);
    for (const auto& request : requests_) {
      if (request.method == method && testing::method_of(request.body) == rpc) return request;
    }
    return std::nullopt;
  }

 private:
  std::mutex mutex_;
  std::vector<ReceivedRequest> requests_;
};

// Answers the handshake as a Streamable HTTP server with sessions and no GET stream; true if
// `request` was part of it.
bool answer_handshake(BackendConnection& connection, const ReceivedRequest& request) {
  const std::string method = testing::method_of(request.body);
  if (request.method == "GET") {
    connection.write(testing::http_answer(405, "", ""));
  } else if (method == "initialize") {
    const std::string result =
        R"({"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"fake"}})";
    connection.write(testing::http_answer(
        200, "application/json", mcp::result_response(testing::id_of(request.body), result),
        "Mcp-Session-Id: " + std::string(kSessionId) + "\r\n"));
  } else if (method == "notifications/initialized") {
    connection.write(testing::http_answer(202, "", ""));
  } else {
    return false;
  }
  return true;
}

std::string echo_answer(const ReceivedRequest& request, std::string_view text) {
  return mcp::result_response(
      testing::id_of(request.body),
      R"({"content":[{"type":"text","text":")" + std::string(text) + R"("}]})");
}

class HttpChannelFakeServerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (channel_) channel_->close();
    io_.restart();
    io_.run_for(2s);
  }

  using Script = std::function<void(BackendConnection&, const ReceivedRequest&)>;

  // Serves each connection's one request: the log gets it, the handshake is answered, and
  // `script` answers the rest; if `streams`, it answers only GETs (the standalone stream) and
  // the rest get 200 without a body, else GETs get 405 (no standalone stream).
  void serve(Script script, bool streams = false) {
    fake_ = std::make_unique<testing::ConcurrentFakeServer>(
        [this, script = std::move(script), streams](BackendConnection& connection) {
          auto request = connection.read_request(5s);
          if (!request) return;
          log_.add(*request);
          if (streams && request->method == "GET") return script(connection, *request);
          if (answer_handshake(connection, *request)) return;
          if (streams) {
            connection.write(testing::http_answer(200, "", ""));
          } else {
            script(connection, *request);
          }
        });
  }
  HttpChannel& open_initialized(HttpChannelOptions options = {}) {
    channel_ = HttpChannel::create(io_, "fake", "0123456789abcdef", fake_->port(), "/mcp", options);
    recorder_.attach(*channel_);
    channel_->open();
    auto result = testing::initialize(io_, *channel_);
    EXPECT_TRUE(result && result->ok()) << (result && !result->ok() ? result->error() : "none");
    return *channel_;
  }

  // What scripts share with the test; they outlive the scripts (fake_ joins them).
  RequestLog log_;
  std::atomic<int> counter_{0};
  std::atomic<bool> gate_{false};
  std::atomic<bool> seen_{false};
  std::unique_ptr<testing::ConcurrentFakeServer> fake_;
  boost::asio::io_context io_;
  ChannelRecorder recorder_;
  std::shared_ptr<HttpChannel> channel_;
};

TEST_F(HttpChannelFakeServerTest, MessagesAfterTheHandshakeCarryTheSessionHeaders) {
  serve([](BackendConnection& connection, const ReceivedRequest& request) {
    connection.write(testing::http_answer(200, "application/json", echo_answer(request, "hi")));
  });
  HttpChannel& channel = open_initialized();
  EXPECT_EQ(channel.session_id(), kSessionId);
  channel.send(test_support::echo_call(3, "hi"));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.answer("3") != nullptr; }));

  auto initialize = log_.find("POST", "initialize");
  ASSERT_TRUE(initialize);
  EXPECT_FALSE(initialize->has("Mcp-Session-Id"));
  EXPECT_EQ(initialize->target, "/mcp");
  auto call = log_.find("POST", "tools/call");
  ASSERT_TRUE(call);
  EXPECT_EQ(call->header("Mcp-Session-Id"), kSessionId);
  EXPECT_EQ(call->header("MCP-Protocol-Version"), "2025-06-18");
  EXPECT_EQ(call->header("Content-Type"), "application/json");
  EXPECT_EQ(call->header("Accept"), "application/json, text/event-stream");
  auto initialized = log_.find("POST", "notifications/initialized");
  ASSERT_TRUE(initialized);
  EXPECT_EQ(initialized->header("Mcp-Session-Id"), kSessionId);
  ASSERT_TRUE(run_until(io_, [&] { return log_.find("GET").has_value(); }));
  auto stream = log_.find("GET");  // asked for the standalone stream; 405 said there is none
  EXPECT_EQ(stream->header("Accept"), "text/event-stream");
  EXPECT_EQ(stream->header("Mcp-Session-Id"), kSessionId);
}

TEST_F(HttpChannelFakeServerTest, ANotificationIsAcceptedBeforeTheNextMessageGoesOut) {
  // gate_: the notification was accepted; seen_: the call came before that.
  serve([this](BackendConnection& connection, const ReceivedRequest& request) {
    if (testing::method_of(request.body) == "notifications/cancelled") {
      std::this_thread::sleep_for(300ms);  // a slow 202: the call must wait for it
      gate_ = true;
      connection.write(testing::http_answer(202, "", ""));
      return;
    }
    if (!gate_) seen_ = true;
    connection.write(testing::http_answer(200, "application/json", echo_answer(request, "x")));
  });
  HttpChannel& channel = open_initialized();
  channel.send(mcp::notification_json("notifications/cancelled", R"({"requestId":1})"));
  channel.send(test_support::echo_call(2, "x"));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.answer("2") != nullptr; }));
  EXPECT_FALSE(seen_);
}

TEST_F(HttpChannelFakeServerTest, EventStreamAnswerIsDispatchedAsItArrives) {
  serve([this](BackendConnection& connection, const ReceivedRequest& request) {
    connection.write(testing::kEventStreamHead);
    connection.write(testing::event_chunk(
        "message",
        mcp::notification_json("notifications/progress", R"({"progressToken":"t","progress":1})")));
    for (int i = 0; i < 500 && !gate_; ++i) std::this_thread::sleep_for(10ms);
    connection.write(testing::event_chunk("message", echo_answer(request, "done")));
    connection.write(front::testing::kLastChunk);
  });
  HttpChannel& channel = open_initialized();
  channel.send(test_support::echo_call(4, "done"));
  ASSERT_TRUE(run_until(io_, [&] { return !recorder_.messages.empty(); }));
  EXPECT_EQ(testing::method_of(mcp::to_json(recorder_.messages.front())), "notifications/progress");
  EXPECT_EQ(recorder_.answer("4"), nullptr);  // the progress came before the answer was written
  gate_ = true;
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.answer("4") != nullptr; }));
  EXPECT_FALSE(channel.closed());
}

TEST_F(HttpChannelFakeServerTest, BatchAnswerDispatchesEachMessage) {
  serve([](BackendConnection& connection, const ReceivedRequest& request) {
    const std::string progress = mcp::notification_json("notifications/progress", "{}");
    connection.write(testing::http_answer(200, "application/json",
                                          "[" + progress + "," + echo_answer(request, "b") + "]"));
  });
  HttpChannel& channel = open_initialized();
  channel.send(test_support::echo_call(5, "b"));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.answer("5") != nullptr; }));
  EXPECT_EQ(recorder_.messages.size(), 2u);
}

TEST_F(HttpChannelFakeServerTest, ForgottenSessionClosesTheChannel) {
  serve([](BackendConnection& connection, const ReceivedRequest&) {
    connection.write(testing::http_answer(404, "text/plain", "unknown session\n"));
  });
  HttpChannel& channel = open_initialized();
  channel.send(test_support::echo_call(6, "lost"));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.closed.has_value(); }));
  EXPECT_TRUE(channel.closed());
  EXPECT_NE(recorder_.closed->message.find("forgot berth's session"), std::string::npos)
      << recorder_.closed->message;
  // The client that sent it is answered, not left waiting.
  ASSERT_NE(recorder_.answer("6"), nullptr);
  EXPECT_TRUE(recorder_.answer("6")->HasMember("error"));
}

TEST_F(HttpChannelFakeServerTest, RefusedMessageIsAnsweredWithAnErrorAndTheChannelStaysOpen) {
  serve([](BackendConnection& connection, const ReceivedRequest& request) {
    if (testing::id_of(request.body) == "8") {
      connection.write(testing::http_answer(500, "text/plain", "boom\n"));
    } else {
      connection.write(testing::http_answer(200, "application/json", echo_answer(request, "ok")));
    }
  });
  HttpChannel& channel = open_initialized();
  channel.send(test_support::echo_call(8, "refused"));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.answer("8") != nullptr; }));
  const auto& error = *recorder_.answer("8");
  ASSERT_TRUE(error.HasMember("error"));
  EXPECT_EQ(error["error"]["code"].GetInt(), mcp::kInternalError);
  EXPECT_NE(testing::string_at(error, "/error/message").find("HTTP 500"), std::string::npos);
  EXPECT_FALSE(channel.closed());
  channel.send(test_support::echo_call(9, "ok"));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.answer("9") != nullptr; }));
}

TEST_F(HttpChannelFakeServerTest, AnswerWithoutTheResponseIsAnsweredWithAnError) {
  serve([](BackendConnection& connection, const ReceivedRequest&) {
    connection.write(testing::http_answer(200, "text/html", "<p>not MCP</p>"));
  });
  HttpChannel& channel = open_initialized();
  channel.send(test_support::echo_call(10, "x"));
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.answer("10") != nullptr; }));
  EXPECT_NE(
      testing::string_at(*recorder_.answer("10"), "/error/message").find("without a response"),
      std::string::npos);
  EXPECT_FALSE(channel.closed());
}

TEST_F(HttpChannelFakeServerTest, StandaloneStreamDeliversServerMessagesAndIsReopened) {
  serve(
      [this](BackendConnection& connection, const ReceivedRequest&) {
        const int n = ++counter_;
        if (n > 2) {
          [[maybe_unused]] bool closed =
              connection.wait_closed(5s);  // the third stays open, silent
          return;
        }
        connection.write(testing::kEventStreamHead);
        connection.write(testing::event_chunk(
            "message", mcp::notification_json("notifications/tools/list_changed", ""),
            "event-" + std::to_string(n)));
        connection.write(front::testing::kLastChunk);  // the stream ends: berth reopens it
      },
      true);
  open_initialized(HttpChannelOptions{.stream_retry_delay = 20ms});
  ASSERT_TRUE(run_until(io_, [&] { return recorder_.messages.size() == 2 && counter_ == 3; }));
  auto requests = log_.all();
  std::vector<std::string> last_ids;
  for (const auto& request : requests) {
    if (request.method == "GET") last_ids.push_back(request.header("Last-Event-ID"));
  }
  EXPECT_EQ(last_ids, (std::vector<std::string>{"", "event-1", "event-2"}));
}

TEST_F(HttpChannelFakeServerTest, StandaloneStreamReopensAreBounded) {
  serve(
      [this](BackendConnection& connection, const ReceivedRequest&) {
        ++counter_;
        connection.write(testing::http_answer(503, "text/plain", "busy\n"));
      },
      true);
  HttpChannel& channel =
      open_initialized(HttpChannelOptions{.stream_retry_delay = 5ms, .stream_retries = 3});
  run_until(
      io_, [] { return false; }, 1s);
  EXPECT_EQ(counter_, 4);  // the first and three reopens
  EXPECT_FALSE(channel.closed());
}

TEST_F(HttpChannelFakeServerTest, CloseEndsTheSessionWithADelete) {
  serve([](BackendConnection& connection, const ReceivedRequest&) {
    connection.write(testing::http_answer(200, "", ""));
  });
  HttpChannel& channel = open_initialized();
  channel.close();
  ASSERT_TRUE(recorder_.closed);
  EXPECT_EQ(recorder_.closed->message, "closed by berth");
  ASSERT_TRUE(run_until(
      io_, [&] { return log_.find("DELETE").has_value(); }, 5s));
  EXPECT_EQ(log_.find("DELETE")->header("Mcp-Session-Id"), kSessionId);
}

}  // namespace
}  // namespace berth::proxy
