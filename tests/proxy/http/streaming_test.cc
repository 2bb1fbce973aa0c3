// Streamed responses over real sockets: chunks reach the client as they are written, the
// handler hears of a client that went away, HEAD, keep-alive after a stream, and SSE.

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <mutex>

#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/tools/http_test_client.h"
#include "tests/tools/sse_test_stream.h"

namespace berth::proxy::http {
namespace {

using namespace std::chrono_literals;
using test_support::HttpTestClient;
using testing::ServerHarness;

constexpr const char* kStreamRequest = "GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n";

// A handler that starts a stream and hands the exchange to the test thread.
struct StreamCapture {
  std::mutex mutex;
  std::shared_ptr<Exchange> exchange;  // GUARDED_BY(mutex)
  std::promise<void> started;
  std::promise<void> disconnected;

  std::shared_ptr<Exchange> take(std::chrono::milliseconds timeout = 3000ms) {
    if (started_future.wait_for(timeout) != std::future_status::ready) return nullptr;
    std::lock_guard lock(mutex);
    return exchange;
  }
  std::future<void> started_future = started.get_future();
};

std::shared_ptr<Router> stream_router(const std::shared_ptr<StreamCapture>& capture,
                                      std::string_view content_type = kTextType) {
  auto router = std::make_shared<Router>();
  router->add(Verb::get, "/stream",
              [capture, type = std::string(content_type)](std::shared_ptr<Exchange> exchange) {
                exchange->on_disconnect([capture] { capture->disconnected.set_value(); });
                exchange->start_stream(make_stream_head(HttpStatus::ok, type));
                std::lock_guard lock(capture->mutex);
                capture->exchange = exchange;
                capture->started.set_value();
              });
  router->add(Verb::get, "/hello", [](std::shared_ptr<Exchange> exchange) {
    exchange->respond(make_text_response(HttpStatus::ok, "hello"));
  });
  return router;
}

// Writes a chunk from the test thread and waits until it is on the wire.
bool write_and_wait(Exchange& exchange, std::string chunk) {
  auto written = std::make_shared<std::promise<bool>>();
  auto future = written->get_future();
  exchange.write(std::move(chunk), [written](bool ok) { written->set_value(ok); });
  return future.wait_for(3000ms) == std::future_status::ready && future.get();
}

TEST(StreamingTest, ClientSeesEachChunkBeforeTheNextIsWritten) {
  auto capture = std::make_shared<StreamCapture>();
  ServerHarness server(stream_router(capture));
  HttpTestClient client(server.port());
  ASSERT_EQ(client.send_raw(kStreamRequest), "");
  std::shared_ptr<Exchange> exchange = capture->take();
  ASSERT_NE(exchange, nullptr);
  auto head = client.read_raw_until("\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.error;
  EXPECT_NE(head.response.body.find("Transfer-Encoding: chunked"), std::string::npos);
  EXPECT_NE(head.response.body.find("Cache-Control: no-store"), std::string::npos);

  ASSERT_TRUE(write_and_wait(*exchange, "chunk-one"));
  auto one = client.read_raw_until("chunk-one\r\n", 2000ms);
  ASSERT_TRUE(one.ok()) << one.error;
  EXPECT_EQ(one.response.body, "9\r\nchunk-one\r\n");
  ASSERT_TRUE(write_and_wait(*exchange, "chunk-two!"));
  auto two = client.read_raw_until("chunk-two!\r\n", 2000ms);
  ASSERT_TRUE(two.ok()) << two.error;
  EXPECT_EQ(two.response.body, "a\r\nchunk-two!\r\n");
  exchange->end();
  auto last = client.read_raw_until("0\r\n\r\n", 2000ms);
  ASSERT_TRUE(last.ok()) << last.error;
  EXPECT_EQ(last.response.body, "0\r\n\r\n");
  exchange.reset();
  capture->exchange.reset();
}

TEST(StreamingTest, ConnectionStaysAliveAfterTheStreamEnds) {
  auto capture = std::make_shared<StreamCapture>();
  ServerHarness server(stream_router(capture));
  HttpTestClient client(server.port());
  ASSERT_EQ(client.send_raw(kStreamRequest), "");
  std::shared_ptr<Exchange> exchange = capture->take();
  ASSERT_NE(exchange, nullptr);
  exchange->write("a");
  exchange->write("b");  // queued behind "a"
  exchange->end();
  auto response = client.read_response();
  ASSERT_TRUE(response.ok()) << response.error;
  EXPECT_EQ(response.response.body, "ab");
  EXPECT_TRUE(response.response.keep_alive);
  auto next = client.request(Verb::get, "/hello");
  ASSERT_TRUE(next.ok()) << next.error;
  EXPECT_EQ(next.response.body, "hello");
  EXPECT_EQ(client.connections_opened(), 1);
  exchange.reset();
  capture->exchange.reset();
}

TEST(StreamingTest, HandlerLearnsThatTheClientWentAway) {
  auto capture = std::make_shared<StreamCapture>();
  ServerHarness server(stream_router(capture));
  auto disconnected = capture->disconnected.get_future();
  std::shared_ptr<Exchange> exchange;
  {
    HttpTestClient client(server.port());
    ASSERT_EQ(client.send_raw(kStreamRequest), "");
    exchange = capture->take();
    ASSERT_NE(exchange, nullptr);
    ASSERT_TRUE(write_and_wait(*exchange, "first"));
    ASSERT_TRUE(client.read_raw_until("first\r\n").ok());
  }  // the client closes its connection
  ASSERT_EQ(disconnected.wait_for(3000ms), std::future_status::ready);
  EXPECT_TRUE(exchange->disconnected());
  EXPECT_FALSE(write_and_wait(*exchange, "into the void"));
  exchange.reset();
  capture->exchange.reset();
}

TEST(StreamingTest, DisconnectIsReportedToALateRegistration) {
  auto capture = std::make_shared<StreamCapture>();
  ServerHarness server(stream_router(capture));
  std::shared_ptr<Exchange> exchange;
  {
    HttpTestClient client(server.port());
    ASSERT_EQ(client.send_raw(kStreamRequest), "");
    exchange = capture->take();
    ASSERT_NE(exchange, nullptr);
  }
  ASSERT_TRUE(testing::eventually([&] { return exchange->disconnected(); }));
  std::promise<void> told;
  exchange->on_disconnect([&told] { told.set_value(); });
  EXPECT_EQ(told.get_future().wait_for(3000ms), std::future_status::ready);
  exchange.reset();
  capture->exchange.reset();
}

TEST(StreamingTest, HeadOfAStreamSendsTheHeaderOnly) {
  auto capture = std::make_shared<StreamCapture>();
  ServerHarness server(stream_router(capture));
  HttpTestClient client(server.port());
  ASSERT_EQ(client.send_raw("HEAD /stream HTTP/1.1\r\nHost: localhost\r\n\r\n"), "");
  std::shared_ptr<Exchange> exchange = capture->take();
  ASSERT_NE(exchange, nullptr);
  auto head = client.read_raw_until("\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.error;
  EXPECT_NE(head.response.body.find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_FALSE(write_and_wait(*exchange, "dropped"));
  auto next = client.request(Verb::get, "/hello");
  ASSERT_TRUE(next.ok()) << next.error;
  EXPECT_EQ(next.response.body, "hello");
  exchange.reset();
  capture->exchange.reset();
}

TEST(StreamingTest, AbandonedStreamClosesTheConnection) {
  auto capture = std::make_shared<StreamCapture>();
  ServerHarness server(stream_router(capture));
  HttpTestClient client(server.port());
  ASSERT_EQ(client.send_raw(kStreamRequest), "");
  std::shared_ptr<Exchange> exchange = capture->take();
  ASSERT_NE(exchange, nullptr);
  ASSERT_TRUE(write_and_wait(*exchange, "partial"));
  exchange.reset();
  capture->exchange.reset();  // the last owner: the stream is abandoned without end()
  auto rest = client.read_raw_until("0\r\n\r\n", 3000ms);
  EXPECT_FALSE(rest.ok());
}

TEST(StreamingTest, EventStreamIsAStreamedResponse) {
  auto capture = std::make_shared<StreamCapture>();
  ServerHarness server(stream_router(capture, kEventStreamType));
  test_support::SseTestStream events(server.port());
  auto opening = std::async(std::launch::async, [&] { return events.open("/stream", 3000ms); });
  std::shared_ptr<Exchange> exchange = capture->take();
  ASSERT_NE(exchange, nullptr);
  ASSERT_EQ(opening.get(), "");
  EXPECT_EQ(events.status(), 200);
  EXPECT_EQ(events.content_type(), "text/event-stream");
  exchange->write("event: endpoint\ndata: /sse/x/messages\n\n");
  exchange->write("data: {\"jsonrpc\":\"2.0\"}\n\n");
  auto first = events.next_event(2000ms);
  ASSERT_TRUE(first.has_value()) << events.error();
  EXPECT_EQ(first->event, "endpoint");
  EXPECT_EQ(first->data, "/sse/x/messages");
  auto second = events.next_event(2000ms);
  ASSERT_TRUE(second.has_value()) << events.error();
  EXPECT_EQ(second->data, "{\"jsonrpc\":\"2.0\"}");
  exchange->end();
  exchange.reset();
  capture->exchange.reset();
}

}  // namespace
}  // namespace berth::proxy::http
