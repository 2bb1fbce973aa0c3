#pragma once
// FakeChannelFrontHarness: the proxy's real HTTP server on 127.0.0.1 (port 0), run by one thread
// on its own io_context, serving /mcp/{name} and /sse/{name} from one MultiplexedFront bound to a
// FakeChannel — what berth does for a stdio server, with a scripted server in place of the
// container. Construct and destroy on the test thread; the front lives and dies on the io thread.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <thread>

#include "proxy/front/multiplexed_front.h"
#include "proxy/http/http_server.h"
#include "tests/proxy/front/fake_channel.h"

namespace berth::proxy::front::testing {

class FakeChannelFrontHarness {
 public:
  explicit FakeChannelFrontHarness(FakeChannel::Responder responder);
  ~FakeChannelFrontHarness();
  FakeChannelFrontHarness(const FakeChannelFrontHarness&) = delete;
  FakeChannelFrontHarness& operator=(const FakeChannelFrontHarness&) = delete;

  [[nodiscard]] std::uint16_t port() const { return server_->port(); }

 private:
  [[nodiscard]] std::shared_ptr<const http::Router> router();

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<FakeChannel> channel_;
  std::unique_ptr<MultiplexedFront> front_;
  std::unique_ptr<http::HttpServer> server_;
  std::thread thread_;
};

}  // namespace berth::proxy::front::testing
