// Backend connections kept alive: reused across requests (event-stream answers the backend ended
// too), but never after `Connection: close` or a client that left mid-answer; a pooled connection
// the backend closed is retried once on a new one. And a small Content-Length answer reaches the
// client whole.

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "tests/proxy/front/fake_backend.h"
#include "tests/proxy/front/front_harness.h"
#include "tests/tools/http_test_client.h"

namespace berth::proxy::front::testing {
namespace {

using test_support::HttpTestClient;
using test_support::HttpTestResult;

constexpr std::string_view kBody = R"({"jsonrpc":"2.0","id":1,"result":{}})";

// What a backend saw: connections accepted, requests read, the most on one connection.
struct Tally {
  std::atomic<int> connections{0};
  std::atomic<int> requests{0};
  std::atomic<int> most_on_one{0};
};

std::string json_answer(std::string_view extra_headers = "", std::string_view body = kBody) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + std::string(extra_headers) + "\r\n" +
         std::string(body);
}

// A backend that answers every request on a connection with `answer` until berth closes it (or
// sends nothing for `linger`).
FakeBackend::Script answer_all(std::shared_ptr<Tally> tally, std::string answer,
                               std::chrono::milliseconds linger = 2s) {
  return [tally, answer, linger](BackendConnection& connection) {
    ++tally->connections;
    int on_this = 0;
    while (connection.read_request(linger)) {
      ++tally->requests;
      ++on_this;
      if (on_this > tally->most_on_one) tally->most_on_one = on_this;
      if (!connection.write(answer)) return;
    }
  };
}

void expect_answered(HttpTestClient& client, int times) {
  for (int i = 0; i < times; ++i) {
    HttpTestResult result = client.post_json(FrontHarness::target(), "{}");
    ASSERT_TRUE(result.ok()) << "request " << i << ": " << result.error;
    EXPECT_EQ(result.response.status, 200) << "request " << i << ": " << result.response.body;
  }
}

TEST(HttpForwarderReuseTest, SequentialRequestsShareOneBackendConnection) {
  auto tally = std::make_shared<Tally>();
  FakeBackend backend(answer_all(tally, json_answer()));
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  expect_answered(client, 5);
  EXPECT_EQ(tally->requests, 5);
  EXPECT_EQ(tally->connections, 1);
  EXPECT_EQ(front.forwarder().pool().idle_count(backend.port()), 1u);
}

TEST(HttpForwarderReuseTest, ConnectionCloseFromTheBackendIsHonoured) {
  auto tally = std::make_shared<Tally>();
  FakeBackend backend(answer_all(tally, json_answer("Connection: close\r\n"), 300ms));
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  expect_answered(client, 3);
  EXPECT_EQ(tally->connections, 3);
  EXPECT_EQ(tally->most_on_one, 1) << "a connection the backend closes is not reused";
  EXPECT_EQ(front.forwarder().pool().idle_count(), 0u);
}

TEST(HttpForwarderReuseTest, EventStreamTheBackendEndedLeavesItsConnectionForTheNext) {
  auto tally = std::make_shared<Tally>();
  const std::string sse =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
      chunk("data: {\"n\":1}\n\n") + std::string(kLastChunk);
  FakeBackend backend(answer_all(tally, sse, 300ms));
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  expect_answered(client, 2);
  EXPECT_EQ(tally->connections, 1);
  EXPECT_EQ(tally->most_on_one, 2) << "a finished event stream's connection is reused";
}

TEST(HttpForwarderReuseTest, ConnectionOfAClientThatLeftMidAnswerIsClosedNotReused) {
  auto tally = std::make_shared<Tally>();
  auto closed = std::make_shared<std::promise<bool>>();
  std::future<bool> first_closed = closed->get_future();
  FakeBackend backend([tally, closed](BackendConnection& connection) {
    if (tally->connections > 0) return answer_all(tally, json_answer())(connection);
    ++tally->connections;
    if (!connection.read_request()) return closed->set_value(false);
    ++tally->requests;
    connection.write(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":");
    closed->set_value(connection.wait_closed(5s));
  });
  FrontHarness front(http_route(backend.port()));
  {
    HttpTestClient leaving(front.port());
    ASSERT_EQ(leaving.send_raw("POST /mcp/demo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"),
              "");
    std::this_thread::sleep_for(200ms);  // the backend has sent part of its answer
  }
  ASSERT_EQ(first_closed.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(first_closed.get()) << "berth hangs up on the backend when its client leaves";
  HttpTestClient client(front.port());
  expect_answered(client, 1);
  EXPECT_EQ(tally->connections, 2);
}

// A backend whose first connection answers one request, then reads the next and closes without
// answering: its keep-alive timeout ran out just as berth sent a request on it. Later
// connections are served by `then`.
FakeBackend::Script closes_after_first_answer(std::shared_ptr<Tally> tally,
                                              FakeBackend::Script then) {
  return [tally, then](BackendConnection& connection) {
    if (tally->connections > 0) return then(connection);
    ++tally->connections;
    if (!connection.read_request()) return;
    ++tally->requests;
    connection.write(json_answer());
    if (!connection.read_request()) return;
    ++tally->requests;
  };
}

TEST(HttpForwarderReuseTest, PooledConnectionClosedByTheBackendIsRetriedOnANewOne) {
  auto tally = std::make_shared<Tally>();
  FakeBackend backend(closes_after_first_answer(tally, answer_all(tally, json_answer())));
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  expect_answered(client, 2);
  EXPECT_EQ(tally->connections, 2);
  EXPECT_EQ(tally->requests, 3) << "the second request: on the pooled connection, then anew";
}

TEST(HttpForwarderReuseTest, RetryHappensOnceOnly) {
  auto tally = std::make_shared<Tally>();
  FakeBackend backend(closes_after_first_answer(tally, [tally](BackendConnection& connection) {
    ++tally->connections;
    if (connection.read_request()) ++tally->requests;  // and closes without an answer
  }));
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  expect_answered(client, 1);
  HttpTestResult result = client.post_json(FrontHarness::target(), "{}");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 502) << result.response.body;
  std::this_thread::sleep_for(200ms);  // time for a third connection, were there one
  EXPECT_EQ(tally->connections, 2);
  EXPECT_EQ(tally->requests, 3);
}

TEST(HttpForwarderReuseTest, FailureOnANewConnectionIsNotRetried) {
  auto tally = std::make_shared<Tally>();
  FakeBackend backend([tally](BackendConnection& connection) {
    ++tally->connections;
    if (connection.read_request()) ++tally->requests;
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  HttpTestResult result = client.post_json(FrontHarness::target(), "{}");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 502) << result.response.body;
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(tally->connections, 1);
  EXPECT_EQ(tally->requests, 1);
}

TEST(HttpForwarderReuseTest, IdleConnectionClosedByTheBackendIsReplacedTransparently) {
  auto tally = std::make_shared<Tally>();
  FakeBackend backend([tally](BackendConnection& connection) {
    ++tally->connections;
    if (!connection.read_request()) return;
    ++tally->requests;
    connection.write(json_answer());  // then closes: berth's pooled connection is dead
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  expect_answered(client, 1);
  std::this_thread::sleep_for(100ms);  // the backend's close reaches berth's idle connection
  expect_answered(client, 1);
  EXPECT_EQ(tally->connections, 2);
  EXPECT_EQ(tally->requests, 2);
}

TEST(HttpForwarderReuseTest, ContentLengthAnswerArrivesWholeNotChunked) {
  std::string body = "{\"data\":\"";
  while (body.size() < 200 * 1024) body += "0123456789abcdef";
  body += "\"}";
  FakeBackend backend([&body](BackendConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: s-7\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n");
    // In pieces, so berth reads the body in several.
    for (std::size_t at = 0; at < body.size(); at += 64 * 1024) {
      connection.write(std::string_view(body).substr(at, 64 * 1024));
      std::this_thread::sleep_for(10ms);
    }
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  HttpTestResult result = client.post_json(FrontHarness::target(), "{}");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.response.header("Transfer-Encoding"), "");
  EXPECT_EQ(result.response.header("Content-Length"), std::to_string(body.size()));
  EXPECT_EQ(result.response.header("Mcp-Session-Id"), "s-7");
  EXPECT_EQ(result.response.header("Content-Type"), "application/json");
  EXPECT_TRUE(result.response.body == body) << "bodies differ; got " << result.response.body.size();
}

}  // namespace
}  // namespace berth::proxy::front::testing
