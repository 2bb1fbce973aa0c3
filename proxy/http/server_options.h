#pragma once
// HttpServerOptions: how the proxy's HTTP server listens and what it tolerates from clients.
// A plain value, copied into the server when it starts.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proxy/http/authorizer.h"

namespace berth::proxy::http {

struct HttpServerOptions {
  std::string address = "127.0.0.1";     // numeric IPv4 or IPv6 address to bind
  std::uint16_t port = 8080;             // 0: an ephemeral port (see HttpServer::port())
  std::size_t body_limit = 1024 * 1024;  // larger request bodies get 413
  std::chrono::milliseconds header_timeout{10'000};  // to read a request (header, then body)
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive wait for the next request
  std::chrono::milliseconds write_timeout{30'000};   // to write a response or one chunk
  int max_connections = 512;                         // connections past this get 503 and are closed
  // Origins allowed besides loopback ones, exactly as browsers send them
  // ("https://app.example.com"); compared case-insensitively.
  std::vector<std::string> allowed_origins;
  // Host header names allowed besides localhost, 127.0.0.1, [::1] and the listen address.
  std::vector<std::string> allowed_hosts;
  // When set, every request but /healthz and /readyz (and CORS preflights) needs
  // `Authorization: Bearer <token>`; see BearerAuth. read_token_file() reads it from a file.
  std::optional<std::string> bearer_token;
  // When set, a request on a path that is not open and without the static token above is
  // routed only if the authorizer lets it pass (the OAuth resource server); see Authorizer.
  std::shared_ptr<Authorizer> authorizer;
};

}  // namespace berth::proxy::http
