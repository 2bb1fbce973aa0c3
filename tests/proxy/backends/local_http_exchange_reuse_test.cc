// LocalHttpExchange with an UpstreamPool, against a raw-socket fake backend: which ends of an
// exchange give the connection back to the pool and which close it.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "proxy/backends/local_http_exchange.h"
#include "proxy/backends/upstream_pool.h"
#include "tests/proxy/front/fake_backend.h"

namespace berth::proxy {
namespace {

using front::testing::BackendConnection;
using front::testing::FakeBackend;
using namespace std::chrono_literals;

struct Outcome {
  std::optional<Status> end;
  unsigned status = 0;
  std::size_t body_bytes = 0;
};

// Runs one exchange to its end on `io`; on_body returns `keep_reading`.
Outcome exchange(boost::asio::io_context& io, std::shared_ptr<UpstreamPool> pool, int port,
                 beast_http::verb method, bool keep_reading = true) {
  Outcome outcome;
  beast_http::request<beast_http::string_body> request(method, "/mcp", 11);
  LocalHttpExchange::create(io, std::move(pool))
      ->start(port, std::move(request), LocalHttpExchange::Timeouts{},
              {.on_head =
                   [&](const beast_http::response_header<>& head) {
                     outcome.status = head.result_int();
                   },
               .on_body =
                   [&](std::string_view bytes) {
                     outcome.body_bytes += bytes.size();
                     return keep_reading;
                   },
               .on_end = [&](Status status) { outcome.end = std::move(status); }});
  io.restart();
  io.run_for(5s);
  return outcome;
}

TEST(LocalHttpExchangeReuseTest, CompleteAnswerReturnsItsConnectionAndTheNextRequestUsesIt) {
  std::atomic<int> connections{0};
  FakeBackend backend([&connections](BackendConnection& connection) {
    ++connections;
    while (connection.read_request(1s)) {
      connection.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    }
  });
  boost::asio::io_context io;
  auto pool = std::make_shared<UpstreamPool>();
  for (int i = 0; i < 3; ++i) {
    Outcome outcome = exchange(io, pool, backend.port(), beast_http::verb::post);
    ASSERT_TRUE(outcome.end && outcome.end->ok());
    EXPECT_EQ(outcome.body_bytes, 5u);
    EXPECT_EQ(pool->idle_count(backend.port()), 1u);
  }
  pool.reset();  // closes the idle connection: the backend's script ends
  EXPECT_EQ(connections, 1);
}

TEST(LocalHttpExchangeReuseTest, HeadAnswerReturnsItsConnection) {
  FakeBackend backend([](BackendConnection& connection) {
    while (connection.read_request(1s)) {
      connection.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    }
  });
  boost::asio::io_context io;
  auto pool = std::make_shared<UpstreamPool>();
  Outcome outcome = exchange(io, pool, backend.port(), beast_http::verb::head);
  ASSERT_TRUE(outcome.end && outcome.end->ok());
  EXPECT_EQ(outcome.status, 200u);
  EXPECT_EQ(pool->idle_count(backend.port()), 1u);
}

TEST(LocalHttpExchangeReuseTest, StopBeforeTheEndClosesTheConnection) {
  auto closed = std::make_shared<std::promise<bool>>();
  std::future<bool> backend_closed = closed->get_future();
  FakeBackend backend([closed](BackendConnection& connection) {
    if (!connection.read_request()) return closed->set_value(false);
    connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + std::string(1000, 'x'));
    closed->set_value(connection.wait_closed(5s));
  });
  boost::asio::io_context io;
  auto pool = std::make_shared<UpstreamPool>();
  Outcome outcome = exchange(io, pool, backend.port(), beast_http::verb::get, false);
  ASSERT_TRUE(outcome.end && outcome.end->ok());
  EXPECT_EQ(pool->idle_count(), 0u);
  ASSERT_EQ(backend_closed.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(backend_closed.get());
}

TEST(LocalHttpExchangeReuseTest, ExchangeWithoutPoolClosesItsConnection) {
  auto closed = std::make_shared<std::promise<bool>>();
  std::future<bool> backend_closed = closed->get_future();
  FakeBackend backend([closed](BackendConnection& connection) {
    if (!connection.read_request()) return closed->set_value(false);
    connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    closed->set_value(connection.wait_closed(5s));
  });
  boost::asio::io_context io;
  Outcome outcome = exchange(io, nullptr, backend.port(), beast_http::verb::get);
  ASSERT_TRUE(outcome.end && outcome.end->ok());
  ASSERT_EQ(backend_closed.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(backend_closed.get());
}

}  // namespace
}  // namespace berth::proxy
