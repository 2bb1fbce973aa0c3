#include "tests/proxy/front/fake_channel_front_harness.h"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <future>
#include <variant>

#include "proxy/front/mcp_request_checks.h"
#include "proxy/http/exchange.h"

namespace berth::proxy::front::testing {
namespace {

http::HttpServerOptions server_options() {
  http::HttpServerOptions options;
  options.port = 0;
  options.write_timeout = std::chrono::milliseconds(10'000);
  return options;
}

reconciler::Route stdio_route() {
  reconciler::Route route;
  route.server = "demo";
  route.transport = specs::TransportType::kStdio;
  route.container_id = "fake";
  route.ready = true;
  return route;
}

// Answers a refused request, or hands the checked POST to `serve`.
template <typename Read, typename Serve>
void checked_post(const std::shared_ptr<http::Exchange>& exchange, Read read, Serve serve) {
  auto post = read(exchange->request());
  if (auto* refused = std::get_if<http::Response>(&post)) return exchange->respond(*refused);
  serve(std::move(std::get<McpPost>(post)));
}

}  // namespace

FakeChannelFrontHarness::FakeChannelFrontHarness(FakeChannel::Responder responder)
    : work_(io_.get_executor()),
      channel_(std::make_shared<FakeChannel>(io_, std::move(responder))) {
  front_ = std::make_unique<MultiplexedFront>(
      "demo", [this](const reconciler::Route&) { return channel_; },
      [](const std::shared_ptr<mcp::McpChannel>&) {}, MultiplexedFrontOptions{});
  front_->bind(stdio_route());
  server_ = std::make_unique<http::HttpServer>(io_, server_options(), router());
  berth::Status started = server_->start();
  EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error());
  thread_ = std::thread([this] { io_.run(); });
}

FakeChannelFrontHarness::~FakeChannelFrontHarness() {
  std::promise<void> gone;
  boost::asio::post(io_, [&] {
    server_->stop();
    front_.reset();  // ends the sessions and their streams
    gone.set_value();
  });
  gone.get_future().wait();
  work_.reset();
  io_.stop();
  thread_.join();
}

std::shared_ptr<const http::Router> FakeChannelFrontHarness::router() {
  auto router = std::make_shared<http::Router>();
  MultiplexedFront& front = *front_;
  router->add(http::Verb::post, "/mcp/{name}", [&front](std::shared_ptr<http::Exchange> e) {
    checked_post(e, read_mcp_post, [&](McpPost post) { front.post(e, std::move(post)); });
  });
  router->add(http::Verb::get, "/mcp/{name}", [&front](std::shared_ptr<http::Exchange> e) {
    if (auto refused = check_mcp_get(e->request())) return e->respond(*refused);
    front.get(e);
  });
  router->add(http::Verb::get, "/sse/{name}", [&front](std::shared_ptr<http::Exchange> e) {
    front.open_legacy_stream(e, "/sse/demo/messages");
  });
  router->add(http::Verb::post, "/sse/{name}/messages",
              [&front](std::shared_ptr<http::Exchange> e) {
                checked_post(e, read_legacy_post,
                             [&](McpPost post) { front.legacy_post(e, std::move(post)); });
              });
  return router;
}

}  // namespace berth::proxy::front::testing
