#include "tests/proxy/http/server_harness.h"

#include <gtest/gtest.h>

namespace berth::proxy::http::testing {

HttpServerOptions test_options() {
  HttpServerOptions options;
  options.port = 0;
  options.header_timeout = std::chrono::milliseconds(2000);
  options.idle_timeout = std::chrono::milliseconds(5000);
  options.write_timeout = std::chrono::milliseconds(2000);
  return options;
}

ServerHarness::ServerHarness(std::shared_ptr<const Router> router, HttpServerOptions options,
                             std::shared_ptr<RequestRecorder> metrics)
    : work_(io_.get_executor()),
      server_(io_, std::move(options), std::move(router), std::move(metrics)) {
  berth::Status started = server_.start();
  EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error());
  thread_ = std::thread([this] { io_.run(); });
}

ServerHarness::~ServerHarness() {
  server_.stop();
  work_.reset();
  io_.stop();
  thread_.join();
}

}  // namespace berth::proxy::http::testing
