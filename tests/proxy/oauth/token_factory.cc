#include "tests/proxy/oauth/token_factory.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>

#include <stdexcept>
#include <vector>

#include "proxy/oauth/base64url.h"

namespace berth::proxy::oauth::test {
namespace {

std::string bn_param(EVP_PKEY* key, const char* name, int pad_to = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error("no key parameter");
  std::vector<unsigned char> bytes(pad_to > 0 ? pad_to : BN_num_bytes(bn));
  BN_bn2binpad(bn, bytes.data(), static_cast<int>(bytes.size()));
  BN_free(bn);
  return base64url_encode(std::string(bytes.begin(), bytes.end()));
}

std::string raw_ecdsa(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  if (sig == nullptr) throw std::runtime_error("bad ECDSA signature");
  unsigned char raw[64];
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + 32, 32);
  ECDSA_SIG_free(sig);
  return std::string(reinterpret_cast<char*>(raw), sizeof raw);
}

std::string digest_sign(EVP_PKEY* key, std::string_view input) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t size = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, data, input.size()) != 1) {
    throw std::runtime_error("cannot sign");
  }
  std::string out(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size, data,
                     input.size()) != 1) {
    throw std::runtime_error("cannot sign");
  }
  out.resize(size);
  return out;
}

long now_seconds() {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count());
}

}  // namespace

TokenFactory::TokenFactory(std::string kid_prefix)
    : kid_prefix_(std::move(kid_prefix)),
      rsa_(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)), EVP_PKEY_free),
      ec_(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free) {
  if (!rsa_ || !ec_) throw std::runtime_error("key generation failed");
}

std::string TokenFactory::kid(TestKey key) const {
  return kid_prefix_ + (key == TestKey::kRsa ? "-rsa" : "-ec");
}

std::string TokenFactory::jwks() const {
  return R"({"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":")" + kid(TestKey::kRsa) +
         R"(","n":")" + bn_param(rsa_.get(), OSSL_PKEY_PARAM_RSA_N) + R"(","e":")" +
         bn_param(rsa_.get(), OSSL_PKEY_PARAM_RSA_E) + R"("},{"kty":"EC","crv":"P-256","kid":")" +
         kid(TestKey::kEc) + R"(","x":")" + bn_param(ec_.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32) +
         R"(","y":")" + bn_param(ec_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32) + R"("}]})";
}

std::string TokenFactory::sign(std::string_view claims, TestKey key, std::string header) const {
  if (header.empty()) {
    header = std::string(R"({"alg":")") + (key == TestKey::kRsa ? "RS256" : "ES256") +
             R"(","kid":")" + kid(key) + R"(","typ":"at+jwt"})";
  }
  std::string input = base64url_encode(header) + "." + base64url_encode(claims);
  std::string signature = digest_sign(key == TestKey::kRsa ? rsa_.get() : ec_.get(), input);
  if (key == TestKey::kEc) signature = raw_ecdsa(signature);
  return input + "." + base64url_encode(signature);
}

std::string TokenFactory::claims(std::string_view iss, std::string_view aud, std::string_view scope,
                                 long exp_in_seconds, long nbf_in_seconds) {
  const long now = now_seconds();
  std::string out = R"({"iss":")" + std::string(iss) + R"(","sub":"alice","aud":)" +
                    (aud.starts_with('[') ? std::string(aud) : "\"" + std::string(aud) + "\"") +
                    R"(,"exp":)" + std::to_string(now + exp_in_seconds) + R"(,"nbf":)" +
                    std::to_string(now + nbf_in_seconds) + R"(,"iat":)" + std::to_string(now);
  if (!scope.empty()) out += R"(,"scope":")" + std::string(scope) + "\"";
  return out + "}";
}

}  // namespace berth::proxy::oauth::test
