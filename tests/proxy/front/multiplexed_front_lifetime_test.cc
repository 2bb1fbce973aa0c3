// MultiplexedFront's callbacks that can outlive it (McpFront erases the front of a server that
// is gone): a handshake answered after the front was destroyed, a legacy stream whose client
// leaves after its front was destroyed, and a GET stream whose client leaves (its exchange, and
// with it the connection, is let go at once, not when the session ends).
// Run under ASan: the old code used the destroyed front from these callbacks.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "proxy/front/multiplexed_front.h"
#include "proxy/http/exchange.h"
#include "tests/proxy/front/fake_channel_source.h"
#include "tests/proxy/front/fake_timers.h"
#include "tests/proxy/front/multiplexed_front_harness.h"
#include "tests/proxy/front/scripted_channel.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/tools/http_test_client.h"

namespace berth::proxy::front {
namespace {

using namespace std::chrono_literals;
using test_support::HttpTestClient;
using testing::MultiplexedFrontHarness;
using testing::ScriptedChannel;

reconciler::Route stdio_route() {
  reconciler::Route route;
  route.server = "demo";
  route.container_id = "c0ffee";
  route.transport = specs::TransportType::kStdio;
  route.ready = true;
  return route;
}

TEST(MultiplexedFrontLifetimeTest, HandshakeAnsweredAfterTheFrontIsGoneIsIgnored) {
  boost::asio::io_context io;
  testing::ScriptedChannelOptions held;
  held.hold_handshake = true;
  testing::FakeChannelSource channels(io, held);
  testing::FakeClock clock;
  auto front =
      std::make_unique<MultiplexedFront>("demo", channels, clock, MultiplexedFrontOptions{});
  front->bind(stdio_route());
  ScriptedChannel* channel = &channels.channel(0);
  ASSERT_EQ(channel->handshakes_held(), 1u);
  front.reset();  // McpFront::reap does this when the server's route is gone
  EXPECT_FALSE(channel->has_handlers());
  channel->answer_handshake();  // the stdio channel is shared: its answer still comes
  io.run_for(200ms);
  SUCCEED();  // ASan reports a use of the destroyed front here
}

TEST(MultiplexedFrontLifetimeTest, LegacyStreamLeavingAfterItsFrontIsGone) {
  MultiplexedFrontHarness harness;
  HttpTestClient client(harness.port());
  ASSERT_EQ(client.send_raw("GET /sse/demo HTTP/1.1\r\nHost: localhost\r\n"
                            "Accept: text/event-stream\r\n\r\n"),
            "");
  ASSERT_TRUE(client.read_raw_until("sessionId=").ok());
  // The server sends more than the sockets hold; the client reads none of it, so the stream
  // cannot end (its last chunk waits behind the rest) and its disconnect handler stays set.
  const std::string big = R"({"jsonrpc":"2.0","method":"notifications/demo","params":{"pad":")" +
                          std::string(64 * 1024, 'x') + R"("}})";
  ASSERT_TRUE(harness.on_io([&] {
    for (int i = 0; i < 512; ++i) harness.channel().from_server(big);
  }));
  ASSERT_TRUE(harness.on_io([&] { harness.destroy_front(); }));  // the server is gone
  client.close();  // with unread bytes: a reset; the server learns of it after the front went
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(harness.on_io([] {}));  // ASan reports a use of the destroyed front before this
  HttpTestClient other(harness.port());
  EXPECT_EQ(other.request(http::Verb::get, "/sse/demo").response.status, 503);  // no front
}

TEST(MultiplexedFrontLifetimeTest, GetStreamLeftByItsClientIsLetGo) {
  MultiplexedFrontHarness harness;
  HttpTestClient init(harness.port());
  auto initialized = init.post_json("/mcp/demo", testing::kInitialize);
  ASSERT_EQ(initialized.response.status, 200) << initialized.response.body;
  const std::string sid = initialized.response.header("Mcp-Session-Id");
  std::weak_ptr<http::Exchange> stream;
  {
    HttpTestClient client(harness.port());
    ASSERT_EQ(client.send_raw("GET /mcp/demo HTTP/1.1\r\nHost: localhost\r\n"
                              "Accept: text/event-stream\r\nMcp-Session-Id: " +
                              sid + "\r\n\r\n"),
              "");
    ASSERT_TRUE(client.read_raw_until("\r\n\r\n").ok());
    stream = harness.last_get_stream();
    ASSERT_FALSE(stream.expired());
  }  // the client leaves without DELETE, as the SDK's close() does
  EXPECT_TRUE(http::testing::eventually([&] { return stream.expired(); }));
  EXPECT_EQ(init.post_json("/mcp/demo", testing::kPing, {{"Mcp-Session-Id", sid}}).response.status,
            200);  // the session itself stays until reaped or evicted
}

}  // namespace
}  // namespace berth::proxy::front
