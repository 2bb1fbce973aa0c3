#pragma once
// RouteTable: where the proxy sends each server's traffic, published by the reconciler.
//
// The reconciler builds a new table whenever a route changes and hands it whole to a RouteSink
// (implemented by the proxy) as an immutable snapshot; the proxy serves each request from the
// snapshot it took when the request arrived. A route moves to a new container only once that
// container is healthy, so requests in flight on the old one are never cut by a swap.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "specs/server_spec.h"

namespace berth::reconciler {

struct Route {
  std::string server;
  specs::TransportType transport = specs::TransportType::kStdio;
  std::string container_id;         // stdio: the container to attach to
  int host_port = 0;                // streamable-http and sse: the port published on 127.0.0.1
  std::string path;                 // streamable-http and sse: the server's HTTP path
  bool ready = false;               // false: the proxy answers 503 with Retry-After
  std::string started_at;           // when the container last started (the engine's RFC 3339 time):
                                    // with container_id, names one run of the server
  std::vector<std::string> scopes;  // OAuth scopes a client's token must grant (spec.auth);
                                    // follows the spec at once, ready or not

  friend bool operator==(const Route&, const Route&) = default;
};

struct RouteTable {
  std::map<std::string, Route> routes;  // by server name
  uint64_t version = 0;                 // increases with every table published
};

// Receives each new table. Called from reconciler threads; implementations hand the table over
// to their own thread (the proxy posts it to its io_context) and return at once.
class RouteSink {
 public:
  virtual ~RouteSink() = default;
  virtual void publish(std::shared_ptr<const RouteTable> table) = 0;
};

}  // namespace berth::reconciler
