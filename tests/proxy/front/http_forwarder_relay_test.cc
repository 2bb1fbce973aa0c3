// What crosses the forwarder, seen from both ends: the request a backend receives (headers,
// Host, target, body), the answer a client receives (status, headers, body), and streaming —
// an SSE event reaches the client while the backend is still answering, a client that leaves
// closes the backend connection, and event streams are not cut by the idle timeout.

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>

#include "tests/proxy/front/fake_backend.h"
#include "tests/proxy/front/front_harness.h"
#include "tests/tools/http_test_client.h"
#include "tests/tools/sse_test_stream.h"

namespace berth::proxy::front::testing {
namespace {

using test_support::HttpTestClient;
using test_support::HttpTestResult;

constexpr std::string_view kSseHead =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
    "Transfer-Encoding: chunked\r\n\r\n";

std::string json_answer(std::string_view extra_headers, std::string_view body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + std::string(extra_headers) + "\r\n" +
         std::string(body);
}

TEST(HttpForwarderRelayTest, BackendGetsEndToEndHeadersButNoCredentialsOrHopByHop) {
  auto received = std::make_shared<std::promise<ReceivedRequest>>();
  std::future<ReceivedRequest> request = received->get_future();
  FakeBackend backend([received](BackendConnection& connection) {
    std::optional<ReceivedRequest> got = connection.read_request();
    if (!got) return;
    received->set_value(*got);
    connection.write(json_answer("", "{}"));
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  HttpTestResult result = client.post_json(FrontHarness::target("?cursor=7&x=%20"),
                                           R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
                                           {{"Authorization", "Bearer berth-secret"},
                                            {"Cookie", "session=1"},
                                            {"Origin", "http://localhost:6274"},
                                            {"Proxy-Authorization", "Basic eA=="},
                                            {"Connection", "keep-alive, X-Hop"},
                                            {"X-Hop", "1"},
                                            {"Keep-Alive", "timeout=5"},
                                            {"TE", "trailers"},
                                            {"Mcp-Session-Id", "s-1"},
                                            {"MCP-Protocol-Version", "2025-06-18"},
                                            {"Last-Event-ID", "e-9"},
                                            {"X-Client", "kept"}});
  ASSERT_TRUE(result.ok()) << result.error;
  ASSERT_EQ(request.wait_for(5s), std::future_status::ready);
  const ReceivedRequest got = request.get();
  EXPECT_EQ(got.method, "POST");
  EXPECT_EQ(got.target, "/mcp?cursor=7&x=%20");
  EXPECT_EQ(got.header("Host"), "127.0.0.1:" + std::to_string(backend.port()));
  EXPECT_EQ(got.body, R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
  EXPECT_EQ(got.header("Content-Type"), "application/json");
  EXPECT_EQ(got.header("Accept"), "application/json, text/event-stream");
  EXPECT_EQ(got.header("Mcp-Session-Id"), "s-1");
  EXPECT_EQ(got.header("MCP-Protocol-Version"), "2025-06-18");
  EXPECT_EQ(got.header("Last-Event-ID"), "e-9");
  EXPECT_EQ(got.header("X-Client"), "kept");
  for (const char* name : {"Authorization", "Cookie", "Origin", "Proxy-Authorization", "X-Hop",
                           "Keep-Alive", "TE", "Transfer-Encoding", "Upgrade"}) {
    EXPECT_FALSE(got.has(name)) << name << ": " << got.header(name);
  }
  EXPECT_FALSE(got.has("Connection")) << "HTTP/1.1 keep-alive: " << got.header("Connection");
}

TEST(HttpForwarderRelayTest, ClientGetsStatusEndToEndHeadersAndBody) {
  FakeBackend backend([](BackendConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(json_answer(
        "Mcp-Session-Id: s-2\r\nRetry-After: 3\r\nSet-Cookie: a=b\r\nKeep-Alive: timeout=1\r\n"
        "Connection: close\r\nX-Backend: yes\r\n",
        R"({"jsonrpc":"2.0","id":1,"result":{}})"));
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  HttpTestResult result = client.post_json(FrontHarness::target(), "{}");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.response.body, R"({"jsonrpc":"2.0","id":1,"result":{}})");
  EXPECT_EQ(result.response.header("Content-Type"), "application/json");
  EXPECT_EQ(result.response.header("Mcp-Session-Id"), "s-2");
  EXPECT_EQ(result.response.header("Retry-After"), "3");
  EXPECT_EQ(result.response.header("X-Backend"), "yes");
  EXPECT_EQ(result.response.header("Set-Cookie"), "");
  EXPECT_EQ(result.response.header("Keep-Alive"), "");
  EXPECT_TRUE(result.response.keep_alive) << "the backend's Connection: close is its own";
}

TEST(HttpForwarderRelayTest, AnswerWithoutBodyIsNotChunked) {
  FakeBackend backend([](BackendConnection& connection) {
    if (!connection.read_request()) return;
    connection.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  HttpTestResult result = client.post_json(FrontHarness::target(), "{}");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.status, 202);
  EXPECT_EQ(result.response.body, "");
  EXPECT_EQ(result.response.header("Transfer-Encoding"), "");
  EXPECT_EQ(result.response.header("Content-Length"), "0");
}

TEST(HttpForwarderRelayTest, LargeBodyArrivesWholeAndInOrder) {
  std::string body;
  for (int i = 0; body.size() < 1024 * 1024; ++i) body += std::to_string(i) + ",";
  FakeBackend backend([&body](BackendConnection& connection) {
    if (!connection.read_request()) return;
    connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n");
    connection.write(body);
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  HttpTestResult result = client.request(boost::beast::http::verb::get, FrontHarness::target());
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.response.header("Transfer-Encoding"), "chunked");
  EXPECT_EQ(result.response.body.size(), body.size());
  EXPECT_TRUE(result.response.body == body);
}

TEST(HttpForwarderRelayTest, ClientThatDoesNotReadHoldsTheBackendBack) {
  constexpr std::size_t kBody = std::size_t{256} << 20;
  auto result = std::make_shared<std::promise<std::size_t>>();
  std::future<std::size_t> written = result->get_future();
  FakeBackend backend([result](BackendConnection& connection) {
    if (!connection.read_request()) return result->set_value(0);
    connection.write(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
        "Content-Length: " +
        std::to_string(kBody) + "\r\n\r\n");
    result->set_value(connection.write_until_stalled(std::string(1 << 20, 'x'), kBody, 500ms));
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  ASSERT_EQ(client.send_raw("GET /mcp/demo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), "");
  ASSERT_EQ(written.wait_for(20s), std::future_status::ready);
  // Without back-pressure berth reads on into memory (until the client write times out); with
  // it, the backend stalls once the socket buffers between it and the client are full (~8 MiB).
  EXPECT_LT(written.get(), kBody / 8);
}

TEST(HttpForwarderRelayTest, HeadGetsTheBackendsHeadAndTheConnectionStaysUsable) {
  auto methods = std::make_shared<std::promise<std::string>>();
  std::future<std::string> method = methods->get_future();
  FakeBackend backend([methods](BackendConnection& connection) {
    std::optional<ReceivedRequest> got = connection.read_request();
    if (!got) return;
    if (got->method == "HEAD") {
      methods->set_value(got->method);
      connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n");
    } else {
      connection.write(
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
    }
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  ASSERT_EQ(client.send_raw("HEAD /mcp/demo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), "");
  HttpTestResult head = client.read_raw_until("\r\n\r\n", 3s);
  ASSERT_TRUE(head.ok()) << head.error;
  EXPECT_TRUE(head.response.body.starts_with("HTTP/1.1 200 OK\r\n")) << head.response.body;
  ASSERT_EQ(method.wait_for(3s), std::future_status::ready);
  EXPECT_EQ(method.get(), "HEAD");
  HttpTestResult get = client.request(boost::beast::http::verb::get, FrontHarness::target());
  ASSERT_TRUE(get.ok()) << get.error;
  EXPECT_EQ(get.response.body, "hello");
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST(HttpForwarderRelayTest, SseEventReachesTheClientBeforeTheBackendEnds) {
  auto release = std::make_shared<std::promise<void>>();
  std::shared_future<void> released = release->get_future().share();
  FakeBackend backend([released](BackendConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(kSseHead);
    connection.write(chunk("event: message\ndata: {\"n\":1}\n\n"));
    // The second event waits for the test to see the first.
    if (released.wait_for(5s) != std::future_status::ready) return;
    connection.write(chunk("data: {\"n\":2}\n\n"));
    connection.write(kLastChunk);
  });
  FrontHarness front(http_route(backend.port()));
  HttpTestClient client(front.port());
  ASSERT_EQ(client.send_raw("POST /mcp/demo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Accept: application/json, text/event-stream\r\n"
                            "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"),
            "");
  HttpTestResult first = client.read_raw_until("data: {\"n\":1}\n\n", 3s);
  ASSERT_TRUE(first.ok()) << first.error;
  EXPECT_NE(first.response.body.find("Content-Type: text/event-stream"), std::string::npos);
  EXPECT_NE(first.response.body.find("Cache-Control: no-cache"), std::string::npos);
  release->set_value();
  HttpTestResult second = client.read_raw_until("data: {\"n\":2}\n\n", 3s);
  ASSERT_TRUE(second.ok()) << second.error;
  HttpTestResult end = client.read_raw_until("0\r\n\r\n", 3s);
  EXPECT_TRUE(end.ok()) << "the backend's end ends the client's stream: " << end.error;
}

TEST(HttpForwarderRelayTest, ClosingTheClientClosesTheBackendConnection) {
  auto closed = std::make_shared<std::promise<bool>>();
  std::future<bool> backend_closed = closed->get_future();
  FakeBackend backend([closed](BackendConnection& connection) {
    if (!connection.read_request()) return closed->set_value(false);
    connection.write(kSseHead);
    connection.write(chunk("event: message\ndata: hello\n\n"));
    closed->set_value(connection.wait_closed(5s));
  });
  FrontHarness front(http_route(backend.port()));
  {
    test_support::SseTestStream stream(front.port());
    ASSERT_EQ(stream.open(FrontHarness::target(), 3s), "");
    std::optional<test_support::SseEvent> event = stream.next_event(3s);
    ASSERT_TRUE(event) << stream.error();
    EXPECT_EQ(event->data, "hello");
  }
  ASSERT_EQ(backend_closed.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(backend_closed.get()) << "the backend's stream outlived its client";
}

TEST(HttpForwarderRelayTest, EventStreamOutlivesTheIdleTimeout) {
  FakeBackend backend([](BackendConnection& connection) {
    if (!connection.read_request()) return;
    connection.write(kSseHead);
    (void)connection.wait_closed(600ms);  // quiet for twice the idle timeout
    connection.write(chunk("data: late\n\n"));
    (void)connection.wait_closed(5s);
  });
  HttpForwarderOptions options = short_timeouts();
  options.idle_timeout = 300ms;
  FrontHarness front(http_route(backend.port()), options);
  test_support::SseTestStream stream(front.port());
  ASSERT_EQ(stream.open(FrontHarness::target(), 3s), "");
  std::optional<test_support::SseEvent> event = stream.next_event(3s);
  ASSERT_TRUE(event) << stream.error();
  EXPECT_EQ(event->data, "late");
}

}  // namespace
}  // namespace berth::proxy::front::testing
