#include "proxy/oauth/jwt_signature.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>

#include <memory>
#include <string>

namespace berth::proxy::oauth {
namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

const EVP_MD* digest_of(JwsAlgorithm algorithm) {
  switch (algorithm) {
    case JwsAlgorithm::kRs256:
    case JwsAlgorithm::kEs256:
      return EVP_sha256();
    case JwsAlgorithm::kRs384:
    case JwsAlgorithm::kEs384:
      return EVP_sha384();
    case JwsAlgorithm::kRs512:
      return EVP_sha512();
  }
  return nullptr;
}

// JOSE's R || S as the DER ECDSA-Sig-Value OpenSSL verifies; "" when the size is wrong.
std::string der_signature(std::string_view raw, std::size_t coordinate) {
  if (raw.size() != 2 * coordinate) return "";
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
  BIGNUM* r = BN_bin2bn(bytes, static_cast<int>(coordinate), nullptr);
  BIGNUM* s = BN_bin2bn(bytes + coordinate, static_cast<int>(coordinate), nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return "";
  }
  unsigned char* der = nullptr;
  const int size = i2d_ECDSA_SIG(sig.get(), &der);
  if (size <= 0) return "";
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(size));
  OPENSSL_free(der);
  return out;
}

}  // namespace

std::optional<JwsAlgorithm> jws_algorithm(std::string_view name) {
  if (name == "RS256") return JwsAlgorithm::kRs256;
  if (name == "RS384") return JwsAlgorithm::kRs384;
  if (name == "RS512") return JwsAlgorithm::kRs512;
  if (name == "ES256") return JwsAlgorithm::kEs256;
  if (name == "ES384") return JwsAlgorithm::kEs384;
  return std::nullopt;
}

bool key_suits(const Jwk& key, std::string_view alg_name, JwsAlgorithm algorithm) {
  if (!key.alg.empty() && key.alg != alg_name) return false;
  switch (algorithm) {
    case JwsAlgorithm::kRs256:
    case JwsAlgorithm::kRs384:
    case JwsAlgorithm::kRs512:
      return key.kind == KeyKind::kRsa;
    case JwsAlgorithm::kEs256:
      return key.kind == KeyKind::kEcP256;
    case JwsAlgorithm::kEs384:
      return key.kind == KeyKind::kEcP384;
  }
  return false;
}

bool signature_verifies(const Jwk& key, JwsAlgorithm algorithm, std::string_view input,
                        std::string_view signature) {
  std::string der;
  if (algorithm == JwsAlgorithm::kEs256 || algorithm == JwsAlgorithm::kEs384) {
    der = der_signature(signature, algorithm == JwsAlgorithm::kEs256 ? 32 : 48);
    if (der.empty()) return false;
    signature = der;
  }
  DigestContext context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!context || EVP_DigestVerifyInit(context.get(), nullptr, digest_of(algorithm), nullptr,
                                       key.key.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                          input.size()) == 1;
}

}  // namespace berth::proxy::oauth
