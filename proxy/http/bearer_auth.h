#pragma once
// BearerAuth: the bearer-token check of RequestGuard. When HttpServerOptions::bearer_token is
// set, every request but the open probes (/healthz, /readyz — for Docker and load balancers),
// the dashboard page `/` (static: its script asks for the token and sends it to /status) and
// the discovery documents under `/.well-known/` (public by nature; without OAuth they answer
// 404, not 401, so that clients such as mcp-remote use the header they were given instead of
// starting an OAuth flow) needs `Authorization: Bearer <token>` (scheme case-insensitive). Deny
// by default: paths not listed as open need the token, so a new route cannot be left
// unprotected by mistake.
//
// The token itself is not kept: only its SHA-256 digest, and a presented credential is compared
// by digest with CRYPTO_memcmp, so neither the token's bytes nor its length leak through timing.
// Missing or wrong credentials give 401 with `WWW-Authenticate: Bearer realm="berth"` and a
// message that says nothing about the token.
//
// Immutable after construction; check() may be called from any thread.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "proxy/http/http_types.h"
#include "proxy/http/rejection.h"

namespace berth::proxy::http {

inline constexpr std::string_view kBearerChallenge = R"(Bearer realm="berth")";

class BearerAuth {
 public:
  // No token: every request passes.
  explicit BearerAuth(const std::optional<std::string>& token);

  // nullopt if the request may proceed. path: the target's path without the query string.
  [[nodiscard]] std::optional<Rejection> check(const Request& request, std::string_view path) const;

  // Whether a token is configured and the request carries it.
  [[nodiscard]] bool accepts(const Request& request) const;

  // The credential of an `Authorization: Bearer …` header; nullopt if absent or another scheme.
  [[nodiscard]] static std::optional<std::string_view> credential(const Request& request);

  // True for the paths that never need the token.
  [[nodiscard]] static bool is_open_path(std::string_view path);

 private:
  using Digest = std::array<unsigned char, 32>;
  [[nodiscard]] static Digest sha256(std::string_view text);

  std::optional<Digest> digest_;  // of the token; nullopt: no token configured
};

}  // namespace berth::proxy::http
