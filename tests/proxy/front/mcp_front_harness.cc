#include "tests/proxy/front/mcp_front_harness.h"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <future>

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

}  // namespace

reconciler::Route stdio_route(const std::string& name, const std::string& container, bool ready) {
  reconciler::Route route;
  route.server = name;
  route.container_id = container;
  route.transport = specs::TransportType::kStdio;
  route.ready = ready;
  return route;
}

McpFrontHarness::McpFrontHarness(McpFrontOptions options, ScriptedChannelOptions channel)
    : work_(io_.get_executor()), routes_(io_), channels_(io_, std::move(channel)), forwarder_(io_) {
  front_ = std::make_unique<McpFront>(routes_, channels_, forwarder_, timers_, options);
  auto router = std::make_shared<http::Router>();
  front_->add_routes(*router);
  server_ = std::make_unique<http::HttpServer>(io_, server_options(), router);
  berth::Status started = server_->start();
  EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error());
  thread_ = std::thread([this] { io_.run(); });
}

McpFrontHarness::~McpFrontHarness() {
  EXPECT_TRUE(on_io([this] {
    front_->stop();
    front_.reset();
  }));
  server_->stop();
  work_.reset();
  io_.stop();
  thread_.join();
}

bool McpFrontHarness::on_io(const std::function<void()>& task) { return run_on_io(io_, task); }

bool McpFrontHarness::publish(const std::vector<reconciler::Route>& routes) {
  auto table = std::make_shared<reconciler::RouteTable>();
  for (const reconciler::Route& route : routes) table->routes[route.server] = route;
  table->version = ++version_;
  routes_.publish(std::move(table));
  return on_io([] {});  // behind the posted table
}

bool McpFrontHarness::advance(std::chrono::milliseconds by) {
  return on_io([this, by] { timers_.advance(by); });
}

}  // namespace berth::proxy::front::testing
