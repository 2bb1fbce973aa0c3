#pragma once
// RequestGuard: the checks every request passes before it reaches a handler, in one place.
//
// - Host must name this machine (localhost, 127.0.0.1, [::1], the listen address or an
//   allowed_hosts entry; any port): a page on another site that rebinds its DNS name to
//   127.0.0.1 still sends its own name, and is refused with 421.
// - Origin, when present, must be a loopback origin (http or https, any port) or an
//   allowed_origins entry; otherwise 403, so a web page cannot drive local MCP servers.
//   An allowed Origin is handed back (Admission::cors_origin) for the answer's CORS headers.
// - A CORS preflight from an allowed Origin is admitted as such (Admission::preflight): the
//   session answers it 204 itself, without the token and without routing (see cors.h).
// - The bearer token, when one is configured (BearerAuth): 401 without it.
// - With an Authorizer (OAuth), a request that does not carry the static token is the
//   authorizer's to decide (Admission::authorize); the static token keeps working beside it.
// Host and Origin come first, so a foreign page learns nothing, not even that a token is needed.
// Immutable after construction; check() may be called from any thread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/http/bearer_auth.h"
#include "proxy/http/http_types.h"
#include "proxy/http/server_options.h"

namespace berth::proxy::http {

// What the guard decided about one request.
struct Admission {
  std::optional<Rejection> rejection;  // set: answer with it, do not route
  bool preflight = false;              // a CORS preflight: answer 204, do not route
  std::string cors_origin;             // the allowed Origin, as sent; "" if none
  bool authorize = false;              // route only if the options' authorizer lets it pass
};

class RequestGuard {
 public:
  explicit RequestGuard(const HttpServerOptions& options);

  // Routed only if neither rejected nor a preflight.
  [[nodiscard]] Admission check(const Request& request) const;

  // The host part of a Host header value ("[::1]:8080" → "[::1]"), lower-cased; "" if malformed.
  [[nodiscard]] static std::string host_name(std::string_view host_header);

 private:
  [[nodiscard]] bool host_allowed(std::string_view host_header) const;
  [[nodiscard]] bool origin_allowed(std::string_view origin) const;
  [[nodiscard]] std::optional<Rejection> check_host_and_origin(const Request& request) const;

  std::vector<std::string> hosts_;    // lower-case host names, IPv6 in brackets
  std::vector<std::string> origins_;  // lower-case extra origins
  BearerAuth auth_;
  bool has_authorizer_;
};

}  // namespace berth::proxy::http
