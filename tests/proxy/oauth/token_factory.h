#pragma once
// TokenFactory: an authorization server in a test. It makes its own keys (RSA 2048 and EC P-256,
// with OpenSSL, at test time), publishes them as a JWK set and signs access tokens with them, so
// the oauth tests need no network and no fixtures. Not thread-safe.

#include <openssl/evp.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace berth::proxy::oauth::test {

enum class TestKey { kRsa, kEc };

class TokenFactory {
 public:
  // Fresh keys, named `kid_prefix`-rsa and `kid_prefix`-ec.
  explicit TokenFactory(std::string kid_prefix = "k1");

  // {"keys":[…]}: both public keys.
  [[nodiscard]] std::string jwks() const;
  [[nodiscard]] std::string kid(TestKey key) const;

  // A compact JWS of `claims` (JSON text), signed with `key` ("RS256"/"ES256"). `header` replaces
  // the usual one ({"alg","kid","typ"}) when given.
  [[nodiscard]] std::string sign(std::string_view claims, TestKey key = TestKey::kRsa,
                                 std::string header = "") const;

  // Claims for `iss` with the given audience and scope, valid from a minute ago for an hour.
  [[nodiscard]] static std::string claims(std::string_view iss, std::string_view aud,
                                          std::string_view scope = "", long exp_in_seconds = 3600,
                                          long nbf_in_seconds = -60);

 private:
  std::string kid_prefix_;
  std::shared_ptr<EVP_PKEY> rsa_;
  std::shared_ptr<EVP_PKEY> ec_;
};

}  // namespace berth::proxy::oauth::test
