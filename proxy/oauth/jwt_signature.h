#pragma once
// JWS signature algorithms (RFC 7518 §3) as berth verifies them, with OpenSSL EVP. Only
// asymmetric ones: "none" and the HMAC family are not algorithms here at all. Pure functions.

#include <optional>
#include <string_view>

#include "proxy/oauth/jwk_set.h"

namespace berth::proxy::oauth {

enum class JwsAlgorithm { kRs256, kRs384, kRs512, kEs256, kEs384 };

// nullopt for any name berth does not verify ("none", "HS256", "PS256", …).
[[nodiscard]] std::optional<JwsAlgorithm> jws_algorithm(std::string_view name);

// Whether `key` may verify `algorithm`: its kind fits and, when the key names an `alg`, it is
// this one.
[[nodiscard]] bool key_suits(const Jwk& key, std::string_view alg_name, JwsAlgorithm algorithm);

// Whether `signature` (for ES*, R || S of fixed size, RFC 7518 §3.4) signs `input` with `key`.
[[nodiscard]] bool signature_verifies(const Jwk& key, JwsAlgorithm algorithm,
                                      std::string_view input, std::string_view signature);

}  // namespace berth::proxy::oauth
