#include "tests/proxy/front/multiplexed_front_harness.h"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <variant>

#include "proxy/front/mcp_request_checks.h"
#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"
#include "tests/proxy/front/run_on_io.h"

namespace berth::proxy::front::testing {

namespace {

using namespace std::chrono_literals;

http::HttpServerOptions server_options() {
  http::HttpServerOptions options;
  options.port = 0;
  options.header_timeout = 2000ms;
  options.idle_timeout = 5000ms;
  options.write_timeout = 2000ms;
  return options;
}

reconciler::Route stdio_route() {
  reconciler::Route route;
  route.server = "demo";
  route.container_id = "c0ffee";
  route.transport = specs::TransportType::kStdio;
  route.ready = true;
  return route;
}

void answer_gone(const std::shared_ptr<http::Exchange>& exchange) {
  exchange->respond(http::make_error_response(http::HttpStatus::service_unavailable, "no front"));
}

}  // namespace

MultiplexedFrontHarness::MultiplexedFrontHarness(MultiplexedFrontOptions options,
                                                 ScriptedChannel::Options channel)
    : work_(io_.get_executor()), channels_(io_, std::move(channel)) {
  front_ = std::make_unique<MultiplexedFront>("demo", channels_, clock_, options);
  front_->bind(stdio_route());
  server_ = std::make_unique<http::HttpServer>(io_, server_options(), router());
  berth::Status started = server_->start();
  EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error());
  thread_ = std::thread([this] { io_.run(); });
}

MultiplexedFrontHarness::~MultiplexedFrontHarness() {
  EXPECT_TRUE(on_io([this] { front_.reset(); }));
  server_->stop();
  work_.reset();
  io_.stop();
  thread_.join();
}

bool MultiplexedFrontHarness::on_io(const std::function<void()>& task) {
  return run_on_io(io_, task);
}

void MultiplexedFrontHarness::after_on_io(std::shared_future<void> ready,
                                          std::function<void()> then) {
  boost::asio::post(io_, [this, ready, then = std::move(then)] {
    ready.wait();
    std::this_thread::sleep_for(50ms);
    boost::asio::post(io_, then);
  });
}

std::weak_ptr<http::Exchange> MultiplexedFrontHarness::last_get_stream() {
  std::lock_guard lock(mutex_);
  return last_get_stream_;
}

std::shared_ptr<const http::Router> MultiplexedFrontHarness::router() {
  auto router = std::make_shared<http::Router>();
  router->add(http::Verb::post, "/mcp/demo", [this](std::shared_ptr<http::Exchange> exchange) {
    if (!front_) return answer_gone(exchange);
    auto post = read_mcp_post(exchange->request());
    if (auto* refused = std::get_if<http::Response>(&post)) {
      return exchange->respond(std::move(*refused));
    }
    front_->post(std::move(exchange), std::move(std::get<McpPost>(post)));
  });
  router->add(http::Verb::get, "/mcp/demo", [this](std::shared_ptr<http::Exchange> exchange) {
    if (!front_) return answer_gone(exchange);
    {
      std::lock_guard lock(mutex_);
      last_get_stream_ = exchange;
    }
    front_->get(std::move(exchange));
  });
  router->add(http::Verb::delete_, "/mcp/demo", [this](std::shared_ptr<http::Exchange> exchange) {
    if (!front_) return answer_gone(exchange);
    front_->remove(std::move(exchange));
  });
  router->add(http::Verb::get, "/sse/demo", [this](std::shared_ptr<http::Exchange> exchange) {
    if (!front_) return answer_gone(exchange);
    front_->open_legacy_stream(std::move(exchange), "/sse/demo/messages");
  });
  router->add(http::Verb::post, "/sse/demo/messages",
              [this](std::shared_ptr<http::Exchange> exchange) {
                if (!front_) return answer_gone(exchange);
                auto post = read_legacy_post(exchange->request());
                if (auto* refused = std::get_if<http::Response>(&post)) {
                  return exchange->respond(std::move(*refused));
                }
                front_->legacy_post(std::move(exchange), std::move(std::get<McpPost>(post)));
              });
  return router;
}

}  // namespace berth::proxy::front::testing
