#pragma once
// OAuthAuthorizer: berth as an OAuth 2.1 resource server (MCP authorization). It decides the
// requests RequestGuard hands it (every path but the open ones, without the operator's static
// token):
// - no bearer token → 401 with `WWW-Authenticate: Bearer resource_metadata="<the route's
//   metadata URL>"` (and `scope="…"` when the server requires scopes), where clients start
//   their OAuth flow;
// - a token that fails JwtVerifier (signature, iss, exp, nbf) → 401 `error="invalid_token"`; a
//   token signed by a key the set lacks makes the KeySource load again (rate-limited) and is
//   checked once more with what it got before the answer;
// - `aud` must name the route's canonical URL (RFC 8707) or the public base URL; for the admin
//   endpoints (/status, /logs, /metrics) the base URL only → 401 `error="invalid_token"`;
// - a server's required scopes (spec.auth.scopes, from the route table) all granted, else 403
//   `error="insufficient_scope"`.
// Refusals are logged as `event=auth-failed` with the reason, never the token.
//
// Threads: authorize() runs on the io thread; the scope lookup is called there only (the
// deferred check after a key refresh is posted back to `io`). KeySource must outlive it.

#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "proxy/http/authorizer.h"
#include "proxy/oauth/jwt_verifier.h"
#include "proxy/oauth/key_source.h"
#include "proxy/oauth/protected_resource.h"

namespace berth::proxy::oauth {

// The scopes server `name` requires; nullopt when no such server is known. On the io thread.
using ScopeLookup = std::function<std::optional<std::vector<std::string>>(std::string_view server)>;

struct ResourceServerOptions {
  std::string issuer;      // --oauth-issuer: `iss`, and the metadata's authorization server
  std::string public_url;  // --public-url, without a trailing slash
};

class OAuthAuthorizer : public http::Authorizer {
 public:
  OAuthAuthorizer(boost::asio::any_io_executor io, ResourceServerOptions options, KeySource& keys,
                  ScopeLookup scopes, const Clock& clock);

  void authorize(const http::Request& request, std::string_view path, Done done) override;

 private:
  // The decision with the keys at hand; nullopt in `unknown_key` when they lack the token's.
  [[nodiscard]] std::optional<http::Rejection> decide(const std::string& token,
                                                      const std::string& path,
                                                      bool& unknown_key) const;
  [[nodiscard]] http::Rejection refuse(const std::string& path, std::string_view error,
                                       const std::string& reason) const;
  [[nodiscard]] std::string challenge(const ProtectedResource& resource,
                                      std::string_view error) const;
  [[nodiscard]] std::vector<std::string> required_scopes(const ProtectedResource& r) const;
  [[nodiscard]] bool audience_fits(const AccessToken& token, const ProtectedResource& r) const;

  boost::asio::any_io_executor io_;
  const ResourceServerOptions options_;
  KeySource& keys_;
  const ScopeLookup scopes_;
  const Clock& clock_;
  const JwtVerifier verifier_;
};

}  // namespace berth::proxy::oauth
