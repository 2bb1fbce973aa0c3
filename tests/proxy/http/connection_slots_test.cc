// max_connections counts open sockets: a connection whose client has gone frees its slot at
// once, even while a handler still holds its exchange (an MCP session keeps its GET stream's
// exchange until the session ends, which may be half an hour later).

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "proxy/http/connection_slot.h"
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

// GET /hold starts a stream and keeps its exchange (until `release`); GET /hello answers.
struct Holder {
  std::mutex mutex;
  std::vector<std::shared_ptr<Exchange>> exchanges;  // GUARDED_BY(mutex)

  size_t size() {
    std::lock_guard lock(mutex);
    return exchanges.size();
  }
  void release() {
    std::lock_guard lock(mutex);
    exchanges.clear();
  }
};

std::shared_ptr<Router> holding_router(const std::shared_ptr<Holder>& holder) {
  auto router = std::make_shared<Router>();
  router->add(Verb::get, "/hold", [holder](std::shared_ptr<Exchange> exchange) {
    exchange->start_stream(make_stream_head(HttpStatus::ok, kEventStreamType));
    std::lock_guard lock(holder->mutex);
    holder->exchanges.push_back(std::move(exchange));
  });
  router->add(Verb::get, "/hello", [](std::shared_ptr<Exchange> exchange) {
    exchange->respond(make_text_response(HttpStatus::ok, "hello"));
  });
  return router;
}

int status_of_a_new_client(std::uint16_t port) {
  HttpTestClient client(port);
  return client.request(Verb::get, "/hello", "", {}, 2000ms).response.status;
}

// A client whose GET /hold got its stream (a slot), or null if it was refused (503).
std::unique_ptr<HttpTestClient> holding_client(std::uint16_t port) {
  auto client = std::make_unique<HttpTestClient>(port);
  if (!client->send_raw("GET /hold HTTP/1.1\r\nHost: localhost\r\n\r\n").empty()) return nullptr;
  auto head = client->read_raw_until("\r\n\r\n", 2000ms);
  if (!head.ok() || head.response.body.find("HTTP/1.1 200") != 0) return nullptr;
  return client;
}

TEST(ConnectionSlotTest, TakesUpToTheLimitAndGivesBackOnce) {
  std::atomic<int> open{0};
  ConnectionSlot first = ConnectionSlot::take(open, 2);
  ConnectionSlot second = ConnectionSlot::take(open, 2);
  ConnectionSlot refused = ConnectionSlot::take(open, 2);
  EXPECT_TRUE(first.held());
  EXPECT_TRUE(second.held());
  EXPECT_FALSE(refused.held());
  EXPECT_EQ(open, 2);
  first.release();
  first.release();  // once only
  EXPECT_FALSE(first.held());
  EXPECT_EQ(open, 1);
  {
    ConnectionSlot moved = std::move(second);
    EXPECT_FALSE(second.held());  // NOLINT(bugprone-use-after-move): moved-from holds none
    EXPECT_EQ(open, 1);
  }  // destroyed: given back
  EXPECT_EQ(open, 0);
  EXPECT_TRUE(ConnectionSlot::take(open, 2).held());
  EXPECT_EQ(open, 0);  // a temporary slot gives itself back
}

TEST(ConnectionSlotsTest, ClientThatLeftFreesItsSlotWhileItsExchangeIsHeld) {
  auto holder = std::make_shared<Holder>();
  HttpServerOptions options = test_options();
  options.max_connections = 2;
  ServerHarness server(holding_router(holder), options);
  for (int round = 0; round < 3; ++round) {  // more leavers than slots
    std::unique_ptr<HttpTestClient> first, second;
    ASSERT_TRUE(testing::eventually([&] {
      return (first = holding_client(server.port())) != nullptr;
    })) << "round "
        << round << ": no slot came free";
    ASSERT_TRUE(
        testing::eventually([&] { return (second = holding_client(server.port())) != nullptr; }));
    EXPECT_EQ(status_of_a_new_client(server.port()), 503);  // both slots in use
  }  // both clients leave; their exchanges stay held
  EXPECT_EQ(holder->size(), 6u);
  EXPECT_TRUE(testing::eventually([&] { return status_of_a_new_client(server.port()) == 200; }));
  holder->release();
}

TEST(ConnectionSlotsTest, RefusedConnectionsTakeNoSlot) {
  auto holder = std::make_shared<Holder>();
  HttpServerOptions options = test_options();
  options.max_connections = 1;
  ServerHarness server(holding_router(holder), options);
  HttpTestClient keeper(server.port());
  ASSERT_EQ(keeper.request(Verb::get, "/hello").response.status, 200);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(status_of_a_new_client(server.port()), 503);
  keeper.close();
  EXPECT_TRUE(testing::eventually([&] { return status_of_a_new_client(server.port()) == 200; }));
}

}  // namespace
}  // namespace berth::proxy::http
