#pragma once
// RequestGuard: the checks every request passes before it reaches a handler, in one place.
//
// - Host must name this machine (localhost, 127.0.0.1, [::1], the listen address or an
//   allowed_hosts entry; any port): a page on another site that rebinds its DNS name to
//   127.0.0.1 still sends its own name, and is refused with 421.
// - Origin, when present, must be a loopback origin (http or https, any port) or an
//   allowed_origins entry; otherwise 403, so a web page cannot drive local MCP servers.
// Immutable after construction; check() may be called from any thread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/http/http_types.h"
#include "proxy/http/server_options.h"

namespace berth::proxy::http {

struct Rejection {
  HttpStatus status = HttpStatus::forbidden;
  std::string message;
};

class RequestGuard {
 public:
  explicit RequestGuard(const HttpServerOptions& options);

  // nullopt if the request may proceed.
  [[nodiscard]] std::optional<Rejection> check(const Request& request) const;

  // The host part of a Host header value ("[::1]:8080" → "[::1]"), lower-cased; "" if malformed.
  [[nodiscard]] static std::string host_name(std::string_view host_header);

 private:
  [[nodiscard]] bool host_allowed(std::string_view host_header) const;
  [[nodiscard]] bool origin_allowed(std::string_view origin) const;

  std::vector<std::string> hosts_;    // lower-case host names, IPv6 in brackets
  std::vector<std::string> origins_;  // lower-case extra origins
};

}  // namespace berth::proxy::http
