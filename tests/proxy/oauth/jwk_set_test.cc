#include "proxy/oauth/jwk_set.h"

#include <gtest/gtest.h>

#include "tests/proxy/oauth/token_factory.h"

namespace berth::proxy::oauth {
namespace {

TEST(JwkSetTest, ReadsRsaAndEcKeys) {
  auto keys = JwkSet::parse(test::TokenFactory("a").jwks());
  ASSERT_TRUE(keys) << keys.error();
  EXPECT_EQ(keys->size(), 2u);
  ASSERT_NE(keys->find("a-rsa"), nullptr);
  EXPECT_EQ(keys->find("a-rsa")->kind, KeyKind::kRsa);
  EXPECT_EQ(keys->find("a-rsa")->alg, "RS256");
  ASSERT_NE(keys->find("a-ec"), nullptr);
  EXPECT_EQ(keys->find("a-ec")->kind, KeyKind::kEcP256);
  EXPECT_EQ(keys->find("b-ec"), nullptr);
  EXPECT_EQ(keys->find(""), nullptr);  // two keys: a token must name one
}

TEST(JwkSetTest, SkipsKeysItCannotUseForSignatures) {
  // An encryption key, a symmetric key, an unknown curve, a point off the curve, a short RSA key.
  const std::string jwks = R"({"keys":[
    {"kty":"RSA","use":"enc","kid":"enc","n":"sXch","e":"AQAB"},
    {"kty":"oct","kid":"hmac","k":"c2VjcmV0"},
    {"kty":"EC","crv":"P-521","kid":"p521","x":"AA","y":"AA"},
    {"kty":"EC","crv":"P-256","kid":"off","x":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                           "y":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
    {"kty":"RSA","kid":"short","n":"AQAB","e":"AQAB"}]})";
  auto keys = JwkSet::parse(jwks);
  ASSERT_FALSE(keys);
  EXPECT_EQ(keys.error(),
            "the JWK set holds no usable signing key (RSA >= 2048 bits, EC P-256 or P-384)");
}

TEST(JwkSetTest, RefusesWhatIsNoKeySet) {
  EXPECT_EQ(JwkSet::parse("").error(), "the JWK set is not JSON");
  EXPECT_EQ(JwkSet::parse("[]").error(), "the JWK set is not JSON");
  EXPECT_EQ(JwkSet::parse(R"({"keys":{}})").error(), "the JWK set has no \"keys\" list");
  EXPECT_EQ(JwkSet::parse(std::string(100000, '[')).error(), "the JWK set is not JSON");
}

TEST(JwkSetTest, BoundsItsInput) {
  EXPECT_EQ(JwkSet::parse(std::string(1024 * 1024 + 1, ' ')).error(),
            "the JWK set is larger than 1 MiB");
  std::string many = R"({"keys":[)";
  for (int i = 0; i < 101; ++i) many += std::string(i ? "," : "") + "{}";
  EXPECT_EQ(JwkSet::parse(many + "]}").error(), "the JWK set holds more than 100 keys");
}

TEST(JwkSetTest, TheOnlyKeyServesTokensWithoutKid) {
  const std::string both = test::TokenFactory("solo").jwks();
  const std::string first = both.substr(0, both.find("},{")) + "}]}";
  auto keys = JwkSet::parse(first);
  ASSERT_TRUE(keys) << keys.error();
  EXPECT_NE(keys->find(""), nullptr);
}

}  // namespace
}  // namespace berth::proxy::oauth
