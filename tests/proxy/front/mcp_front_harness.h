#pragma once
// McpFrontHarness: a whole McpFront — /mcp/{name} and /sse/{name} on the proxy's real HTTP server
// on 127.0.0.1 (port 0) — with no container behind it: its channels are ScriptedChannels from a
// FakeChannelSource, its time is FakeTimers (standing still until advance()), and its routes are
// the tables the test publishes through the real RouteSnapshot, as the reconciler does. One
// thread runs the io_context; the front, the channels and the timers live there.
// Thread safety: construct and destroy on the test thread; reach the front, the channels and the
// timers only through on_io(), which runs on the io thread.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "proxy/front/http_forwarder.h"
#include "proxy/front/mcp_front.h"
#include "proxy/front/route_snapshot.h"
#include "proxy/http/http_server.h"
#include "tests/proxy/front/fake_channel_source.h"
#include "tests/proxy/front/fake_timers.h"

namespace berth::proxy::front::testing {

// A stdio route for server `name` to container `container`.
[[nodiscard]] reconciler::Route stdio_route(const std::string& name, const std::string& container,
                                            bool ready = true);

class McpFrontHarness {
 public:
  explicit McpFrontHarness(McpFrontOptions options = {}, ScriptedChannelOptions channel = {});
  ~McpFrontHarness();
  McpFrontHarness(const McpFrontHarness&) = delete;
  McpFrontHarness& operator=(const McpFrontHarness&) = delete;

  [[nodiscard]] std::uint16_t port() const { return server_->port(); }
  // Runs `task` on the io thread and waits for it (10 s at most; false if it did not run).
  bool on_io(const std::function<void()>& task);
  // Publishes a table of `routes` (version one past the last) and waits until it is current and
  // its listeners have run.
  bool publish(const std::vector<reconciler::Route>& routes);
  // Moves the front's clock on, running the timers due (on the io thread).
  bool advance(std::chrono::milliseconds by);
  // REQUIRES: on the io thread.
  [[nodiscard]] FakeChannelSource& channels() { return channels_; }
  [[nodiscard]] FakeTimers& timers() { return timers_; }
  [[nodiscard]] McpFront& front() { return *front_; }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  RouteSnapshot routes_;
  FakeChannelSource channels_;
  FakeTimers timers_;
  HttpForwarder forwarder_;
  std::unique_ptr<McpFront> front_;
  std::unique_ptr<http::HttpServer> server_;
  std::thread thread_;
  uint64_t version_ = 0;
};

}  // namespace berth::proxy::front::testing
