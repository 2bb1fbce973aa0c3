#pragma once
// MultiplexedFrontHarness: one MultiplexedFront for a stdio route named "demo" over a
// ScriptedChannel (from a FakeChannelSource, with the script given), served by the proxy's real
// HTTP server on 127.0.0.1 (port 0) as McpFront serves it: POST, GET and DELETE /mcp/demo, and
// the legacy GET /sse/demo and POST /sse/demo/messages. One thread runs the io_context; the
// front and the channel live there. For McpFront's own behaviour (routes, ready-wait, swaps), see
// McpFrontHarness.
// Thread safety: construct and destroy on the test thread; reach the front and the channel only
// through on_io() (or after_on_io()), which run on the io thread.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "proxy/front/multiplexed_front.h"
#include "proxy/http/exchange.h"
#include "proxy/http/http_server.h"
#include "tests/proxy/front/fake_channel_source.h"
#include "tests/proxy/front/fake_timers.h"
#include "tests/proxy/front/scripted_channel.h"

namespace berth::proxy::front::testing {

class MultiplexedFrontHarness {
 public:
  explicit MultiplexedFrontHarness(MultiplexedFrontOptions options = {},
                                   ScriptedChannel::Options channel = {});
  ~MultiplexedFrontHarness();
  MultiplexedFrontHarness(const MultiplexedFrontHarness&) = delete;
  MultiplexedFrontHarness& operator=(const MultiplexedFrontHarness&) = delete;

  [[nodiscard]] std::uint16_t port() const { return server_->port(); }
  // Runs `task` on the io thread and waits for it (10 s at most; false if it did not run).
  bool on_io(const std::function<void()>& task);
  // Holds the io thread until `ready` (and its consequences on the sockets have arrived), then
  // runs `then` there behind the server's next look at its sockets: for races with a client.
  void after_on_io(std::shared_future<void> ready, std::function<void()> then);
  // REQUIRES: on the io thread. The front is null once destroy_front() ran.
  [[nodiscard]] MultiplexedFront* front() { return front_.get(); }
  [[nodiscard]] ScriptedChannel& channel() { return channels_.channel(0); }
  void destroy_front() { front_.reset(); }
  // Moves the front's clock on (it stands still otherwise: sessions' idle times are the test's).
  bool advance(std::chrono::milliseconds by) {
    return on_io([this, by] { clock_.set(clock_.now() + by); });
  }
  // The exchange of the last GET /mcp/demo (a session's stream), held by the front or not.
  [[nodiscard]] std::weak_ptr<http::Exchange> last_get_stream();

 private:
  [[nodiscard]] std::shared_ptr<const http::Router> router();

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  FakeChannelSource channels_;
  FakeClock clock_;
  std::unique_ptr<MultiplexedFront> front_;
  std::unique_ptr<http::HttpServer> server_;
  std::thread thread_;
  std::mutex mutex_;
  std::weak_ptr<http::Exchange> last_get_stream_;  // GUARDED_BY(mutex_)
};

// An initialize request (JSON-RPC id 1) as MCP clients send it.
inline constexpr const char* kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",)"
    R"("capabilities":{},"clientInfo":{"name":"front-test","version":"1.0.0"}}})";
inline constexpr const char* kPing = R"({"jsonrpc":"2.0","id":2,"method":"ping"})";

}  // namespace berth::proxy::front::testing
