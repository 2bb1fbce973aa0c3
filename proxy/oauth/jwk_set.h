#pragma once
// JwkSet: the public keys of an authorization server, from its JSON Web Key Set (RFC 7517), as
// OpenSSL keys ready to verify signatures with.
//
// Kept: RSA keys of 2048 bits or more and EC keys on P-256 or P-384 whose point is on the curve,
// meant for signatures (`use` absent or "sig"). Other keys (encryption keys, symmetric keys,
// curves berth does not verify) are skipped, not errors: a set may hold keys for others.
// Bounded: at most 1 MiB of JSON and 100 keys.
//
// Immutable once parsed; shared between threads as shared_ptr<const JwkSet>.

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace berth::proxy::oauth {

enum class KeyKind { kRsa, kEcP256, kEcP384 };

struct Jwk {
  std::string kid;  // "" when the key has none
  KeyKind kind = KeyKind::kRsa;
  std::string alg;  // the key's `alg`, "" when not pinned to one
  std::shared_ptr<EVP_PKEY> key;
};

class JwkSet {
 public:
  JwkSet() = default;
  // An error when `json` is no JWK Set or holds no usable key.
  [[nodiscard]] static Result<JwkSet> parse(std::string_view json);

  // The key named `kid`; with kid "", the only key of a one-key set. Null when there is none.
  [[nodiscard]] const Jwk* find(std::string_view kid) const;
  [[nodiscard]] std::size_t size() const { return keys_.size(); }

 private:
  std::vector<Jwk> keys_;
};

}  // namespace berth::proxy::oauth
