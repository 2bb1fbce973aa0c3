// A connection's life when the client leaves in the middle of an answer, over real sockets:
// the chunk on the wire outlives the failure that ends the stream, each write's done() runs
// once, the disconnect handler runs once and may drop the last exchange, and an answer that goes
// out just as the client leaves neither restarts the connection (an idle read on a closed
// socket: "Bad file descriptor") nor leaves the server unable to serve the next client.
//
// The races are provoked: the test holds the connection's strand, and with it the server's one io
// thread, until the client's FIN has arrived; the answer is then started behind the server's next
// look at its sockets, so that often the watch learns of the client leaving after the answer's
// write has succeeded (the half-closed client still reads) but before its completion has run.
// Each race is run kRounds times: the old code failed at least one round in 10 of 10 runs.
// Run under ASan: the old code used freed and never-constructed chunks here.

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/tools/http_test_client.h"

namespace berth::proxy::http {
namespace {

using namespace std::chrono_literals;
using test_support::HttpTestClient;
using testing::ServerHarness;

constexpr int kRounds = 10;

// What the handlers hand the test: the exchanges of the requests in progress, and how often
// their disconnect handlers ran.
struct Held {
  std::mutex mutex;
  std::condition_variable arrived;
  std::deque<std::shared_ptr<Exchange>> exchanges;  // GUARDED_BY(mutex)
  std::atomic<int> disconnects{0};

  // The oldest exchange not taken yet, waiting for one up to 3 s; null if none came.
  std::shared_ptr<Exchange> take() {
    std::unique_lock lock(mutex);
    if (!arrived.wait_for(lock, 3s, [this] { return !exchanges.empty(); })) return nullptr;
    std::shared_ptr<Exchange> exchange = std::move(exchanges.front());
    exchanges.pop_front();
    return exchange;
  }
};

// GET /stream starts a stream, GET /slow answers nothing yet; both hand the exchange over.
std::shared_ptr<Router> holding_router(const std::shared_ptr<Held>& held) {
  auto router = std::make_shared<Router>();
  auto hold = [held](const std::shared_ptr<Exchange>& exchange) {
    exchange->on_disconnect([held] { ++held->disconnects; });
    std::lock_guard lock(held->mutex);
    held->exchanges.push_back(exchange);
    held->arrived.notify_all();
  };
  router->add(Verb::get, "/stream", [hold](std::shared_ptr<Exchange> exchange) {
    exchange->start_stream(make_stream_head(HttpStatus::ok, kEventStreamType));
    hold(exchange);
  });
  router->add(Verb::get, "/slow", [hold](std::shared_ptr<Exchange> exchange) { hold(exchange); });
  router->add(Verb::get, "/hello", [](std::shared_ptr<Exchange> exchange) {
    exchange->respond(make_text_response(HttpStatus::ok, "hello"));
  });
  return router;
}

// Runs `then` on the connection's strand once the client has half-closed (`left`) and its FIN
// has had time to arrive, queued behind the server's next look at its sockets: see the top.
void after_client_left(const std::shared_ptr<Exchange>& exchange, std::shared_future<void> left,
                       std::function<void()> then) {
  boost::asio::post(exchange->executor(), [executor = exchange->executor(), left, then] {
    left.wait();
    std::this_thread::sleep_for(50ms);
    boost::asio::post(executor, then);
  });
}

class SessionLifetimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_logger_ = spdlog::default_logger();
    sink_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("session-lifetime-test", sink_));
    server_ = std::make_unique<ServerHarness>(holding_router(held_));
  }
  void TearDown() override {
    server_.reset();
    spdlog::set_default_logger(previous_logger_);
  }

  // Opens a request and returns its exchange; for /stream, once the client has the head and a
  // first chunk (so the stream is idle: nothing of it is left to complete on the server).
  std::shared_ptr<Exchange> open(HttpTestClient& client, const std::string& path) {
    if (!client.send_raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").empty()) {
      return nullptr;
    }
    std::shared_ptr<Exchange> exchange = held_->take();
    if (exchange == nullptr || path != "/stream") return exchange;
    auto written = std::make_shared<std::promise<bool>>();
    exchange->write("data: hello\n\n", [written](bool ok) { written->set_value(ok); });
    auto future = written->get_future();
    if (future.wait_for(3s) != std::future_status::ready || !future.get()) return nullptr;
    if (!client.read_raw_until("data: hello\n\n\r\n").ok()) return nullptr;
    return exchange;
  }
  // Warnings and errors logged so far.
  std::string warnings() const {
    std::string all;
    for (const std::string& line : sink_->last_formatted()) {
      if (line.find("[warning]") != std::string::npos || line.find("[error]") != std::string::npos)
        all += line;
    }
    return all;
  }
  void leave_as(const std::string& path, const std::function<void(Exchange&)>& answer, int round);
  // The server still answers a new client.
  bool serves_another_client() const {
    HttpTestClient other(server_->port());
    return other.request(Verb::get, "/hello").response.status == 200;
  }

  std::shared_ptr<Held> held_ = std::make_shared<Held>();
  std::unique_ptr<ServerHarness> server_;
  std::shared_ptr<spdlog::logger> previous_logger_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

// Counts the done() calls of one chunk.
struct DoneCount {
  std::atomic<int> calls{0};
  std::atomic<int> written{0};
  WriteDone callback() {
    return [this](bool ok) {
      ++calls;
      if (ok) ++written;
    };
  }
};

TEST_F(SessionLifetimeTest, ClientLeavingWithAChunkOnTheWireAndMoreQueued) {
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    HttpTestClient client(server_->port());
    std::shared_ptr<Exchange> exchange = open(client, "/stream");
    ASSERT_NE(exchange, nullptr);
    std::promise<void> left;
    DoneCount one, two, three;
    after_client_left(exchange, left.get_future().share(), [exchange, &one, &two, &three] {
      exchange->write("data: one\n\n", one.callback());  // on the wire at once
      exchange->write("data: two\n\n", two.callback());  // queued
      exchange->write("data: three\n\n", three.callback());
    });
    client.half_close();
    left.set_value();
    ASSERT_TRUE(testing::eventually([&] { return one.calls + two.calls + three.calls == 3; }));
    EXPECT_EQ(held_->disconnects, round + 1);
    EXPECT_EQ(two.written + three.written, 0);  // never written: the client had gone
    exchange.reset();
    EXPECT_TRUE(serves_another_client());
    EXPECT_EQ(one.calls, 1);  // a second done() would have shown by now
    EXPECT_EQ(two.calls, 1);
    EXPECT_EQ(three.calls, 1);
  }
  EXPECT_EQ(warnings(), "");
}

TEST_F(SessionLifetimeTest, StreamAbandonedWithAChunkOnTheWire) {
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    HttpTestClient client(server_->port());
    std::shared_ptr<Exchange> exchange = open(client, "/stream");
    ASSERT_NE(exchange, nullptr);
    DoneCount one, two;
    std::promise<void> dropped;
    // On the strand: the first write starts at once; dropping the last owner then abandons the
    // stream (the connection closes) before that write's completion has run.
    auto executor = exchange->executor();
    boost::asio::post(executor, [exchange = std::move(exchange), &one, &two, &dropped]() mutable {
      exchange->write("data: one\n\n", one.callback());
      exchange->write("data: two\n\n", two.callback());
      exchange.reset();
      dropped.set_value();
    });
    ASSERT_EQ(dropped.get_future().wait_for(3s), std::future_status::ready);
    ASSERT_TRUE(testing::eventually([&] { return one.calls + two.calls == 2; }));
    EXPECT_EQ(two.written, 0);
    EXPECT_FALSE(client.read_raw_until("0\r\n\r\n", 1000ms).ok());  // truncated, then closed
    EXPECT_TRUE(serves_another_client());
    EXPECT_EQ(one.calls, 1);
    EXPECT_EQ(two.calls, 1);
  }
}

// One round of a client leaving just as `answer` (run on the connection's strand) goes out.
void SessionLifetimeTest::leave_as(const std::string& path,
                                   const std::function<void(Exchange&)>& answer, int round) {
  SCOPED_TRACE("round " + std::to_string(round));
  HttpTestClient client(server_->port());
  std::shared_ptr<Exchange> exchange = open(client, path);
  ASSERT_NE(exchange, nullptr);
  std::promise<void> left;
  auto answered = std::make_shared<std::promise<void>>();
  after_client_left(exchange, left.get_future().share(), [exchange, answer, answered] {
    answer(*exchange);
    answered->set_value();
  });
  client.half_close();
  left.set_value();
  ASSERT_EQ(answered->get_future().wait_for(3s), std::future_status::ready);
  ASSERT_TRUE(testing::eventually([&] { return held_->disconnects == round + 1; }));
  exchange.reset();
  EXPECT_TRUE(serves_another_client());
}

TEST_F(SessionLifetimeTest, StreamEndingAsTheClientLeavesDoesNotReadAClosedSocket) {
  for (int round = 0; round < kRounds; ++round) {
    leave_as(
        "/stream", [](Exchange& exchange) { exchange.end(); }, round);
  }
  EXPECT_EQ(warnings(), "");  // was: event=connection-failed step=idle "Bad file descriptor"
}

TEST_F(SessionLifetimeTest, AnswerWrittenAsTheClientLeavesDoesNotReadAClosedSocket) {
  for (int round = 0; round < kRounds; ++round) {
    leave_as(
        "/slow",
        [](Exchange& exchange) { exchange.respond(make_text_response(HttpStatus::ok, "late")); },
        round);
  }
  EXPECT_EQ(warnings(), "");
}

TEST_F(SessionLifetimeTest, DisconnectHandlerMayDropTheLastExchange) {
  auto released = std::make_shared<std::promise<void>>();
  std::weak_ptr<Exchange> weak;
  {
    HttpTestClient client(server_->port());
    std::shared_ptr<Exchange> exchange = open(client, "/stream");
    ASSERT_NE(exchange, nullptr);
    weak = exchange;
    // The handler holds the only reference and lets go of it when told.
    auto holder = std::make_shared<std::shared_ptr<Exchange>>(std::move(exchange));
    (*holder)->write("data: queued\n\n");
    (*holder)->on_disconnect([holder, released] {
      holder->reset();
      released->set_value();
    });
  }  // the client closes its connection
  ASSERT_EQ(released->get_future().wait_for(3s), std::future_status::ready);
  EXPECT_TRUE(testing::eventually([&] { return weak.expired(); }));
  EXPECT_TRUE(serves_another_client());
}

}  // namespace
}  // namespace berth::proxy::http
