#pragma once
// FrontHarness: the proxy's real HTTP server on 127.0.0.1 (port 0), run by one thread on its
// own io_context, with `/mcp/{name}` (POST, GET, DELETE) handed to an HttpForwarder for one fixed
// streamable-http route — what berth does for a server, minus the route table.
// Thread safety: construct and destroy on the test thread. The destructor waits (a while) for
// every forwarded exchange to be released and fails the test if one is still held: a forward
// must let go of its client once the answer ends or the client leaves.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "proxy/front/http_forwarder.h"
#include "proxy/http/http_server.h"
#include "reconciler/handoff/route_table.h"

namespace berth::proxy::front::testing {

inline constexpr const char* kServerName = "demo";

// A ready streamable-http route named kServerName to 127.0.0.1:`port` at `path`.
[[nodiscard]] reconciler::Route http_route(std::uint16_t port, std::string path = "/mcp");

// Timeouts short enough to keep failing tests fast.
[[nodiscard]] HttpForwarderOptions short_timeouts();

class FrontHarness {
 public:
  explicit FrontHarness(reconciler::Route route, HttpForwarderOptions options = short_timeouts());
  ~FrontHarness();
  FrontHarness(const FrontHarness&) = delete;
  FrontHarness& operator=(const FrontHarness&) = delete;

  [[nodiscard]] std::uint16_t port() const { return server_->port(); }
  // The client-side target for the route's server: "/mcp/demo" + suffix.
  [[nodiscard]] static std::string target(const std::string& suffix = "");
  // The forwarder (its pool of idle backend connections may be read from any thread).
  [[nodiscard]] const HttpForwarder& forwarder() const { return forwarder_; }
  // Waits until every exchange handed to the forwarder has been released.
  [[nodiscard]] bool exchanges_released(std::chrono::milliseconds timeout);

 private:
  [[nodiscard]] std::shared_ptr<const http::Router> forwarding_router(reconciler::Route route);

  std::mutex mutex_;
  std::vector<std::weak_ptr<http::Exchange>> exchanges_;  // GUARDED_BY(mutex_)
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  HttpForwarder forwarder_;
  std::unique_ptr<http::HttpServer> server_;
  std::thread thread_;
};

}  // namespace berth::proxy::front::testing
