#pragma once
// JwtVerifier: checks an OAuth access token in JWT form (RFC 9068) against the authorization
// server's keys, and reads the claims berth decides on.
//
// A token passes when, in this order:
// - it is a JWS in compact form of at most 16 KiB, with a header that names an algorithm berth
//   verifies (RS256, RS384, RS512, ES256, ES384; never "none", never HMAC) and no `crit`;
// - its `kid` names a key of the set (a token without `kid` uses the only key of a one-key set),
//   and that key suits the algorithm (RS* an RSA key, ES256 P-256, ES384 P-384; a key pinned to an
//   `alg` only that one): no algorithm confusion;
// - the signature verifies (OpenSSL EVP);
// - `iss` is the issuer exactly, `exp` is present and not past, `nbf` (when present) is reached,
//   both with the given clock skew.
// Audience and scope are the caller's to judge (they depend on the route): they are returned.
//
// Pure: immutable after construction, verify() may run on any thread.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "proxy/oauth/jwk_set.h"

namespace berth::proxy::oauth {

// Error::code of a token whose `kid` names no key of the set: a newer set may have it.
inline constexpr int kUnknownKey = 1;

struct AccessToken {
  std::string subject;                 // `sub`, "" if absent
  std::vector<std::string> audiences;  // `aud`, a string or a list
  std::vector<std::string> scopes;     // `scope` (space-separated) or `scp` (a list)
};

struct VerifierOptions {
  std::string issuer;                  // `iss` must equal it
  std::chrono::seconds skew{60};       // tolerance on exp and nbf
  std::size_t max_token_size = 16384;  // longer tokens are refused unread
};

class JwtVerifier {
 public:
  explicit JwtVerifier(VerifierOptions options) : options_(std::move(options)) {}

  // The token's claims, or why it does not pass (a message safe to log: never the token).
  [[nodiscard]] Result<AccessToken> verify(std::string_view token, const JwkSet& keys,
                                           std::chrono::system_clock::time_point now) const;

 private:
  VerifierOptions options_;
};

}  // namespace berth::proxy::oauth
