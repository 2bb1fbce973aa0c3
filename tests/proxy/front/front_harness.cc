#include "tests/proxy/front/front_harness.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "proxy/http/exchange.h"

namespace berth::proxy::front::testing {

namespace {

http::HttpServerOptions server_options() {
  http::HttpServerOptions options;
  options.port = 0;
  options.header_timeout = std::chrono::milliseconds(2000);
  options.idle_timeout = std::chrono::milliseconds(5000);
  options.write_timeout = std::chrono::milliseconds(2000);
  return options;
}

}  // namespace

std::shared_ptr<const http::Router> FrontHarness::forwarding_router(reconciler::Route route) {
  auto router = std::make_shared<http::Router>();
  for (http::Verb verb : {http::Verb::post, http::Verb::get, http::Verb::delete_}) {
    router->add(verb, "/mcp/{name}", [this, route](std::shared_ptr<http::Exchange> exchange) {
      {
        std::lock_guard lock(mutex_);
        exchanges_.push_back(exchange);
      }
      forwarder_.forward(std::move(exchange), route);
    });
  }
  return router;
}

reconciler::Route http_route(std::uint16_t port, std::string path) {
  reconciler::Route route;
  route.server = kServerName;
  route.transport = specs::TransportType::kStreamableHttp;
  route.host_port = port;
  route.path = std::move(path);
  route.ready = true;
  return route;
}

HttpForwarderOptions short_timeouts() {
  HttpForwarderOptions options;
  options.connect_timeout = std::chrono::milliseconds(2000);
  options.head_timeout = std::chrono::milliseconds(3000);
  options.idle_timeout = std::chrono::milliseconds(3000);
  return options;
}

FrontHarness::FrontHarness(reconciler::Route route, HttpForwarderOptions options)
    : work_(io_.get_executor()), forwarder_(io_, options) {
  server_ = std::make_unique<http::HttpServer>(io_, server_options(),
                                               forwarding_router(std::move(route)));
  berth::Status started = server_->start();
  EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error());
  thread_ = std::thread([this] { io_.run(); });
}

FrontHarness::~FrontHarness() {
  EXPECT_TRUE(exchanges_released(std::chrono::milliseconds(3000)))
      << "a forward still holds its client's exchange";
  server_->stop();
  work_.reset();
  io_.stop();
  thread_.join();
}

bool FrontHarness::exchanges_released(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (std::all_of(exchanges_.begin(), exchanges_.end(),
                      [](const auto& exchange) { return exchange.expired(); })) {
        return true;
      }
    }
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string FrontHarness::target(const std::string& suffix) {
  return std::string("/mcp/") + kServerName + suffix;
}

}  // namespace berth::proxy::front::testing
