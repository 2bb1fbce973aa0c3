#include "proxy/oauth/jwk_set.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <rapidjson/document.h>

#include <optional>

#include "proxy/oauth/base64url.h"

namespace berth::proxy::oauth {
namespace {

constexpr std::size_t kMaxJson = 1024 * 1024;
constexpr rapidjson::SizeType kMaxKeys = 100;
constexpr int kMinRsaBits = 2048;

using ParamBuild = std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)>;
using Params = std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)>;
using PkeyContext = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using Bignum = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

std::optional<std::string> member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::optional<std::string> decoded_member(const rapidjson::Value& object, const char* name) {
  auto text = member(object, name);
  if (!text) return std::nullopt;
  return base64url_decode(*text);
}

// A public key from OpenSSL parameters, checked (an EC point off its curve is refused).
std::shared_ptr<EVP_PKEY> from_params(const char* type, OSSL_PARAM_BLD* build) {
  Params params(OSSL_PARAM_BLD_to_param(build), OSSL_PARAM_free);
  PkeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  std::shared_ptr<EVP_PKEY> owned(key, EVP_PKEY_free);
  PkeyContext check(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), EVP_PKEY_CTX_free);
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return owned;
}

Bignum bignum(const std::string& bytes) {
  return Bignum(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()), nullptr),
                BN_free);
}

std::shared_ptr<EVP_PKEY> rsa_key(const rapidjson::Value& jwk) {
  auto n = decoded_member(jwk, "n");
  auto e = decoded_member(jwk, "e");
  if (!n || !e || n->empty() || e->empty() || e->size() > 8) return nullptr;
  Bignum modulus = bignum(*n);
  Bignum exponent = bignum(*e);
  ParamBuild build(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  if (!modulus || !exponent || !build ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
    return nullptr;
  }
  std::shared_ptr<EVP_PKEY> key = from_params("RSA", build.get());
  if (key && EVP_PKEY_get_bits(key.get()) < kMinRsaBits) return nullptr;
  return key;
}

std::shared_ptr<EVP_PKEY> ec_key(const rapidjson::Value& jwk, const char* group,
                                 std::size_t coordinate) {
  auto x = decoded_member(jwk, "x");
  auto y = decoded_member(jwk, "y");
  if (!x || !y || x->size() != coordinate || y->size() != coordinate) return nullptr;
  const std::string point = "\x04" + *x + *y;  // uncompressed (SEC 1 §2.3.3)
  ParamBuild build(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  if (!build ||
      OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return nullptr;
  }
  return from_params("EC", build.get());
}

// The key of one JWK, or nullopt when berth cannot or must not use it for signatures.
std::optional<Jwk> read_key(const rapidjson::Value& value) {
  if (!value.IsObject()) return std::nullopt;
  auto use = member(value, "use");
  if (use && *use != "sig") return std::nullopt;
  auto kty = member(value, "kty");
  Jwk jwk;
  jwk.kid = member(value, "kid").value_or("");
  jwk.alg = member(value, "alg").value_or("");
  if (kty == "RSA") {
    jwk.kind = KeyKind::kRsa;
    jwk.key = rsa_key(value);
  } else if (kty == "EC" && member(value, "crv") == "P-256") {
    jwk.kind = KeyKind::kEcP256;
    jwk.key = ec_key(value, "prime256v1", 32);
  } else if (kty == "EC" && member(value, "crv") == "P-384") {
    jwk.kind = KeyKind::kEcP384;
    jwk.key = ec_key(value, "secp384r1", 48);
  }
  if (!jwk.key) return std::nullopt;
  return jwk;
}

}  // namespace

Result<JwkSet> JwkSet::parse(std::string_view json) {
  if (json.size() > kMaxJson) return Error{"the JWK set is larger than 1 MiB"};
  rapidjson::Document document;
  document.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (document.HasParseError() || !document.IsObject()) return Error{"the JWK set is not JSON"};
  auto keys = document.FindMember("keys");
  if (keys == document.MemberEnd() || !keys->value.IsArray()) {
    return Error{"the JWK set has no \"keys\" list"};
  }
  if (keys->value.Size() > kMaxKeys) return Error{"the JWK set holds more than 100 keys"};
  JwkSet set;
  for (const rapidjson::Value& value : keys->value.GetArray()) {
    if (auto jwk = read_key(value)) set.keys_.push_back(std::move(*jwk));
  }
  if (set.keys_.empty()) {
    return Error{"the JWK set holds no usable signing key (RSA >= 2048 bits, EC P-256 or P-384)"};
  }
  return set;
}

const Jwk* JwkSet::find(std::string_view kid) const {
  if (kid.empty()) return keys_.size() == 1 ? &keys_.front() : nullptr;
  for (const Jwk& jwk : keys_) {
    if (jwk.kid == kid) return &jwk;
  }
  return nullptr;
}

}  // namespace berth::proxy::oauth
