// HttpServer over real sockets: routing errors, limits, timeouts, keep-alive, the request guard,
// HEAD, and answers from other threads.

#include "proxy/http/http_server.h"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/tools/http_test_client.h"

namespace berth::proxy::http {
namespace {

using namespace std::chrono_literals;
using test_support::HttpTestClient;
using testing::ServerHarness;
using testing::test_options;

std::shared_ptr<Router> echo_router() {
  auto router = std::make_shared<Router>();
  router->add(Verb::get, "/hello", [](std::shared_ptr<Exchange> exchange) {
    exchange->respond(make_text_response(HttpStatus::ok, "hello"));
  });
  router->add(Verb::post, "/echo", [](std::shared_ptr<Exchange> exchange) {
    exchange->respond(make_text_response(HttpStatus::ok, exchange->request().body()));
  });
  return router;
}

TEST(HttpServerTest, BindsAnEphemeralPort) {
  ServerHarness server(echo_router());
  EXPECT_NE(server.port(), 0);
  HttpTestClient client(server.port());
  auto result = client.request(Verb::get, "/hello");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.response.body, "hello");
}

TEST(HttpServerTest, ReportsAPortInUse) {
  ServerHarness first(echo_router());
  boost::asio::io_context io;
  HttpServerOptions options = test_options();
  options.port = first.port();
  HttpServer second(io, options, echo_router());
  berth::Status status = second.start();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().find("listen on 127.0.0.1:"), std::string::npos) << status.error();
}

TEST(HttpServerTest, UnknownPathIs404Json) {
  ServerHarness server(echo_router());
  HttpTestClient client(server.port());
  auto result = client.request(Verb::get, "/nowhere?x=1");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 404);
  EXPECT_EQ(result.response.body, R"({"error":"no route for /nowhere"})");
  EXPECT_EQ(result.response.header("Content-Type"), "application/json");
  EXPECT_EQ(result.response.header("Cache-Control"), "no-store");
  EXPECT_TRUE(result.response.keep_alive);
}

TEST(HttpServerTest, OtherMethodIs405WithAllow) {
  ServerHarness server(echo_router());
  HttpTestClient client(server.port());
  auto result = client.request(Verb::post, "/hello", "x");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 405);
  EXPECT_EQ(result.response.header("Allow"), "GET, HEAD");
  EXPECT_EQ(result.response.body, R"({"error":"method POST is not allowed on /hello"})");
}

TEST(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  ServerHarness server(echo_router());
  HttpTestClient client(server.port());
  for (int i = 0; i < 5; ++i) {
    auto result = client.request(Verb::post, "/echo", "body " + std::to_string(i));
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.response.body, "body " + std::to_string(i));
    EXPECT_TRUE(result.response.keep_alive);
  }
  EXPECT_EQ(client.request(Verb::get, "/nowhere").response.status, 404);
  EXPECT_EQ(client.request(Verb::get, "/hello").response.status, 200);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST(HttpServerTest, ConnectionCloseIsHonoured) {
  ServerHarness server(echo_router());
  HttpTestClient client(server.port());
  auto result = client.request(Verb::get, "/hello", "", {{"Connection", "close"}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_FALSE(result.response.keep_alive);
  ASSERT_TRUE(client.request(Verb::get, "/hello").ok());
  EXPECT_EQ(client.connections_opened(), 2);
}

TEST(HttpServerTest, OversizedBodyIs413) {
  HttpServerOptions options = test_options();
  options.body_limit = 1000;
  ServerHarness server(echo_router(), options);
  HttpTestClient client(server.port());
  auto fits = client.request(Verb::post, "/echo", std::string(1000, 'a'));
  ASSERT_TRUE(fits.ok()) << fits.error;
  EXPECT_EQ(fits.response.status, 200);
  auto result = client.request(Verb::post, "/echo", std::string(1001, 'a'));
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 413);
  EXPECT_EQ(result.response.body, R"({"error":"the request body exceeds 1000 bytes"})");
  EXPECT_FALSE(result.response.keep_alive);
}

TEST(HttpServerTest, OversizedChunkedBodyIs413) {
  HttpServerOptions options = test_options();
  options.body_limit = 10;
  ServerHarness server(echo_router(), options);
  HttpTestClient client(server.port());
  ASSERT_EQ(client.send_raw("POST /echo HTTP/1.1\r\nHost: localhost\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n"
                            "0\r\n\r\n"),
            "");
  auto result = client.read_response();
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 413);
}

TEST(HttpServerTest, ExpectContinueGetsInterimAnswer) {
  ServerHarness server(echo_router());
  HttpTestClient client(server.port());
  ASSERT_EQ(client.send_raw("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n"
                            "Expect: 100-continue\r\n\r\n"),
            "");
  auto interim = client.read_raw_until("\r\n\r\n", 2000ms);
  ASSERT_TRUE(interim.ok()) << interim.error;
  EXPECT_EQ(interim.response.body, "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_EQ(client.send_raw("hi"), "");
  auto result = client.read_response();
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.body, "hi");
}

TEST(HttpServerTest, MalformedRequestIs400) {
  ServerHarness server(echo_router());
  HttpTestClient client(server.port());
  ASSERT_EQ(client.send_raw("GET /hello HTTP/1.1\r\nHost localhost\r\n\r\n"), "");
  auto result = client.read_response();
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 400);
  EXPECT_FALSE(result.response.keep_alive);
}

TEST(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  ServerHarness server(echo_router());
  HttpTestClient client(server.port());
  ASSERT_EQ(client.send_raw("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\none"
                            "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"),
            "");
  auto first = client.read_response();
  ASSERT_TRUE(first.ok()) << first.error;
  EXPECT_EQ(first.response.body, "one");
  auto second = client.read_response();
  ASSERT_TRUE(second.ok()) << second.error;
  EXPECT_EQ(second.response.body, "hello");
}

TEST(HttpServerTest, PendingHandlerLearnsThatTheClientWentAway) {
  auto held = std::make_shared<std::promise<std::shared_ptr<Exchange>>>();
  auto gone = std::make_shared<std::promise<void>>();
  auto router = std::make_shared<Router>();
  router->add(Verb::get, "/slow", [held, gone](std::shared_ptr<Exchange> exchange) {
    exchange->on_disconnect([gone] { gone->set_value(); });
    held->set_value(exchange);  // answers never: the test holds the exchange
  });
  ServerHarness server(router);
  auto exchange_future = held->get_future();
  {
    HttpTestClient client(server.port());
    ASSERT_EQ(client.send_raw("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n"), "");
    ASSERT_EQ(exchange_future.wait_for(3000ms), std::future_status::ready);
  }
  EXPECT_EQ(gone->get_future().wait_for(3000ms), std::future_status::ready);
  std::shared_ptr<Exchange> exchange = exchange_future.get();
  EXPECT_TRUE(exchange->disconnected());
  exchange->respond(make_text_response(HttpStatus::ok, "too late"));  // ignored
}

TEST(HttpServerTest, SlowHeaderTimesOut) {
  HttpServerOptions options = test_options();
  options.header_timeout = 200ms;
  ServerHarness server(echo_router(), options);
  HttpTestClient client(server.port());
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(client.send_raw("GET /hello HTTP/1.1\r\nHost: localhost\r\n"), "");
  auto result = client.read_raw_until("\r\n\r\n", 3000ms);
  EXPECT_FALSE(result.ok());  // closed by the server
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2000ms);
}

TEST(HttpServerTest, IdleKeepAliveConnectionIsClosed) {
  HttpServerOptions options = test_options();
  options.idle_timeout = 200ms;
  ServerHarness server(echo_router(), options);
  HttpTestClient client(server.port());
  ASSERT_TRUE(client.request(Verb::get, "/hello").ok());
  auto start = std::chrono::steady_clock::now();
  auto result = client.read_raw_until("never", 3000ms);
  EXPECT_FALSE(result.ok());  // closed by the server
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2000ms);
}

TEST(HttpServerTest, ConnectionsPastTheLimitGet503) {
  HttpServerOptions options = test_options();
  options.max_connections = 2;
  ServerHarness server(echo_router(), options);
  auto first = std::make_unique<HttpTestClient>(server.port());
  HttpTestClient second(server.port());
  ASSERT_EQ(first->request(Verb::get, "/hello").response.status, 200);
  ASSERT_EQ(second.request(Verb::get, "/hello").response.status, 200);
  HttpTestClient third(server.port());
  auto refused = third.request(Verb::get, "/hello");
  ASSERT_TRUE(refused.ok()) << refused.error;
  EXPECT_EQ(refused.response.status, 503);
  EXPECT_EQ(refused.response.header("Retry-After"), "1");
  EXPECT_FALSE(refused.response.keep_alive);
  first.reset();  // frees a slot once the server notices the close
  EXPECT_TRUE(testing::eventually([&] {
    HttpTestClient next(server.port());
    return next.request(Verb::get, "/hello").response.status == 200;
  }));
}

TEST(HttpServerTest, ForeignHostIsRejected) {
  ServerHarness server(echo_router());
  HttpTestClient client(server.port());
  auto result = client.request(Verb::get, "/hello", "", {{"Host", "evil.example:8080"}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 421);
  EXPECT_NE(result.response.body.find("evil.example"), std::string::npos);
  EXPECT_EQ(result.response.header("Content-Type"), "application/json");
  auto localhost = client.request(Verb::get, "/hello", "", {{"Host", "localhost:1234"}});
  EXPECT_EQ(localhost.response.status, 200);
}

TEST(HttpServerTest, ForeignOriginIs403) {
  ServerHarness server(echo_router());
  HttpTestClient client(server.port());
  auto result = client.request(Verb::get, "/hello", "", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 403);
  EXPECT_EQ(result.response.body, R"({"error":"origin 'https://evil.example' is not allowed"})");
}

TEST(HttpServerTest, LoopbackOriginIsAllowed) {
  ServerHarness server(echo_router());
  HttpTestClient client(server.port());
  auto result = client.request(Verb::get, "/hello", "", {{"Origin", "http://localhost:5173"}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200);
}

TEST(HttpServerTest, HeadSendsTheHeaderOnly) {
  ServerHarness server(echo_router());
  HttpTestClient client(server.port());
  ASSERT_EQ(client.send_raw("HEAD /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"), "");
  auto head = client.read_raw_until("\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.error;
  EXPECT_NE(head.response.body.find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_NE(head.response.body.find("Content-Length: 5"), std::string::npos);
  // Had a body followed, it would be read as the next response's status line.
  auto next = client.request(Verb::get, "/hello");
  ASSERT_TRUE(next.ok()) << next.error;
  EXPECT_EQ(next.response.body, "hello");
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST(HttpServerTest, HandlerMayAnswerFromAnotherThread) {
  // The answering threads are joined before the server goes: an Exchange must not outlive it.
  auto threads = std::make_shared<std::vector<std::thread>>();
  auto mutex = std::make_shared<std::mutex>();
  auto router = std::make_shared<Router>();
  router->add(Verb::get, "/later", [threads, mutex](std::shared_ptr<Exchange> exchange) {
    std::lock_guard lock(*mutex);
    threads->emplace_back([exchange]() mutable {
      std::this_thread::sleep_for(20ms);
      exchange->respond(make_text_response(HttpStatus::accepted, "later"));
      exchange.reset();
    });
  });
  {
    ServerHarness server(router);
    HttpTestClient client(server.port());
    for (int i = 0; i < 3; ++i) {
      auto result = client.request(Verb::get, "/later");
      ASSERT_TRUE(result.ok()) << result.error;
      EXPECT_EQ(result.response.status, 202);
      EXPECT_EQ(result.response.body, "later");
    }
    EXPECT_EQ(client.connections_opened(), 1);
    std::lock_guard lock(*mutex);
    for (std::thread& thread : *threads) thread.join();
  }
}

TEST(HttpServerTest, DroppedExchangeGets500) {
  auto router = std::make_shared<Router>();
  router->add(Verb::get, "/drop", [](std::shared_ptr<Exchange>) {});
  router->add(Verb::get, "/throw",
              [](std::shared_ptr<Exchange>) { throw std::runtime_error("handler bug"); });
  ServerHarness server(router);
  HttpTestClient client(server.port());
  EXPECT_EQ(client.request(Verb::get, "/drop").response.status, 500);
  EXPECT_EQ(client.request(Verb::get, "/throw").response.status, 500);
  EXPECT_EQ(client.connections_opened(), 1);
}

}  // namespace
}  // namespace berth::proxy::http
