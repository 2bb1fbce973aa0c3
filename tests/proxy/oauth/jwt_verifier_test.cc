#include "proxy/oauth/jwt_verifier.h"

#include <gtest/gtest.h>

#include "proxy/oauth/base64url.h"
#include "tests/proxy/oauth/token_factory.h"

namespace berth::proxy::oauth {
namespace {

using test::TestKey;
using test::TokenFactory;

constexpr char kIssuer[] = "https://issuer.test";
constexpr char kAudience[] = "http://127.0.0.1:8080/mcp/alpha";

class JwtVerifierTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    factory_ = new TokenFactory("k1");
    other_ = new TokenFactory("k1");  // same kids, other keys
  }
  static void TearDownTestSuite() {
    delete factory_;
    delete other_;
  }

  Result<AccessToken> verify(std::string_view token) const {
    auto keys = JwkSet::parse(factory_->jwks());
    EXPECT_TRUE(keys) << keys.error();
    return verifier_.verify(token, *keys, std::chrono::system_clock::now());
  }
  static std::string claims(std::string_view scope = "") {
    return TokenFactory::claims(kIssuer, kAudience, scope);
  }

  static TokenFactory* factory_;
  static TokenFactory* other_;
  JwtVerifier verifier_{VerifierOptions{kIssuer}};
};

TokenFactory* JwtVerifierTest::factory_ = nullptr;
TokenFactory* JwtVerifierTest::other_ = nullptr;

TEST_F(JwtVerifierTest, ValidRs256TokenGivesItsClaims) {
  auto token = verify(factory_->sign(claims("read write"), TestKey::kRsa));
  ASSERT_TRUE(token) << token.error();
  EXPECT_EQ(token->subject, "alice");
  EXPECT_EQ(token->audiences, std::vector<std::string>{kAudience});
  EXPECT_EQ(token->scopes, (std::vector<std::string>{"read", "write"}));
}

TEST_F(JwtVerifierTest, ValidEs256TokenPasses) {
  auto token = verify(factory_->sign(claims(), TestKey::kEc));
  ASSERT_TRUE(token) << token.error();
  EXPECT_TRUE(token->scopes.empty());
}

TEST_F(JwtVerifierTest, AudienceListAndScpListAreRead) {
  const std::string text =
      R"({"iss":"https://issuer.test","aud":["a","b"],"scp":["x","y"],"exp":9999999999})";
  auto token = verify(factory_->sign(text));
  ASSERT_TRUE(token) << token.error();
  EXPECT_EQ(token->audiences, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(token->scopes, (std::vector<std::string>{"x", "y"}));
}

TEST_F(JwtVerifierTest, ExpiredTokenIsRefused) {
  auto token = verify(factory_->sign(TokenFactory::claims(kIssuer, kAudience, "", -120)));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error(), "the token has expired");
}

TEST_F(JwtVerifierTest, ClockSkewIsTolerated) {
  EXPECT_TRUE(verify(factory_->sign(TokenFactory::claims(kIssuer, kAudience, "", -30))));
  EXPECT_TRUE(verify(factory_->sign(TokenFactory::claims(kIssuer, kAudience, "", 3600, 30))));
}

TEST_F(JwtVerifierTest, TokenNotYetValidIsRefused) {
  auto token = verify(factory_->sign(TokenFactory::claims(kIssuer, kAudience, "", 7200, 600)));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error(), "the token is not valid yet (nbf)");
}

TEST_F(JwtVerifierTest, TokenWithoutExpiryIsRefused) {
  auto token = verify(factory_->sign(R"({"iss":"https://issuer.test","aud":"x"})"));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error(), "the token has no expiry (exp)");
  EXPECT_FALSE(verify(factory_->sign(R"({"iss":"https://issuer.test","exp":"tomorrow"})")));
}

TEST_F(JwtVerifierTest, WrongIssuerIsRefused) {
  auto token = verify(factory_->sign(TokenFactory::claims("https://evil.test", kAudience)));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error(), "the token's issuer (iss) is not https://issuer.test");
  EXPECT_FALSE(verify(factory_->sign(TokenFactory::claims("https://issuer.test/", kAudience))));
}

TEST_F(JwtVerifierTest, UnknownKeyIsToldApart) {
  auto token = verify(TokenFactory("k2").sign(claims()));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error_code(), kUnknownKey);
}

TEST_F(JwtVerifierTest, SignatureOfAnotherKeyWithTheSameKidIsRefused) {
  for (TestKey key : {TestKey::kRsa, TestKey::kEc}) {
    auto token = verify(other_->sign(claims(), key));
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error(), "the token's signature does not verify");
    EXPECT_NE(token.error_code(), kUnknownKey);
  }
}

TEST_F(JwtVerifierTest, TamperedClaimsAreRefused) {
  std::string token = factory_->sign(claims("read"));
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  std::string forged =
      token.substr(0, first + 1) + base64url_encode(claims("read admin")) + token.substr(second);
  EXPECT_EQ(verify(forged).error(), "the token's signature does not verify");
}

TEST_F(JwtVerifierTest, GarbageIsRefused) {
  for (std::string garbage :
       {std::string(""), std::string("x"), std::string("a.b"), std::string("a.b.c.d"),
        std::string("!!.??.**"), std::string("e30.e30."), std::string("e30.e30.e30"),
        base64url_encode("[1]") + ".e30.AA", std::string(20000, 'a')}) {
    auto token = verify(garbage);
    EXPECT_FALSE(token) << garbage;
    if (!token) {
      EXPECT_NE(token.error_code(), kUnknownKey) << garbage;
    }
  }
}

TEST_F(JwtVerifierTest, AlgNoneIsRefused) {
  const std::string unsigned_token =
      base64url_encode(R"({"alg":"none","kid":"k1-rsa"})") + "." + base64url_encode(claims()) + ".";
  auto token = verify(unsigned_token);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error(), "the token's algorithm is not accepted (RS256/384/512, ES256/384)");
  // Even with a well-formed signature part, and in any spelling.
  EXPECT_FALSE(verify(factory_->sign(claims(), TestKey::kRsa, R"({"alg":"None","kid":"k1-rsa"})")));
}

// The classic confusion: HS256 "signed" with the RSA public key as the HMAC secret.
TEST_F(JwtVerifierTest, HmacAlgorithmsAreRefused) {
  auto token = verify(factory_->sign(claims(), TestKey::kRsa, R"({"alg":"HS256","kid":"k1-rsa"})"));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error(), "the token's algorithm is not accepted (RS256/384/512, ES256/384)");
}

TEST_F(JwtVerifierTest, AlgorithmThatDoesNotFitTheKeyIsRefused) {
  // Signed with RSA, but claims ES256 on the RSA key; and RS256 on the EC key.
  auto es_on_rsa =
      verify(factory_->sign(claims(), TestKey::kRsa, R"({"alg":"ES256","kid":"k1-rsa"})"));
  EXPECT_EQ(es_on_rsa.error(), "the token's algorithm does not fit its key");
  auto rs_on_ec =
      verify(factory_->sign(claims(), TestKey::kEc, R"({"alg":"RS256","kid":"k1-ec"})"));
  EXPECT_EQ(rs_on_ec.error(), "the token's algorithm does not fit its key");
  // The RSA key is pinned to RS256 in the set: RS512 on it is refused too.
  auto pinned =
      verify(factory_->sign(claims(), TestKey::kRsa, R"({"alg":"RS512","kid":"k1-rsa"})"));
  EXPECT_EQ(pinned.error(), "the token's algorithm does not fit its key");
}

TEST_F(JwtVerifierTest, CriticalHeaderExtensionsAreRefused) {
  EXPECT_FALSE(verify(
      factory_->sign(claims(), TestKey::kRsa, R"({"alg":"RS256","kid":"k1-rsa","crit":["exp"]})")));
}

TEST_F(JwtVerifierTest, TokenWithoutKidNeedsAOneKeySet) {
  const std::string token = factory_->sign(claims(), TestKey::kRsa, R"({"alg":"RS256"})");
  EXPECT_EQ(verify(token).error_code(), kUnknownKey);  // two keys: which one?
}

}  // namespace
}  // namespace berth::proxy::oauth
