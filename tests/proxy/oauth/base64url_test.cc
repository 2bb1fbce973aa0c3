#include "proxy/oauth/base64url.h"

#include <gtest/gtest.h>

namespace berth::proxy::oauth {
namespace {

TEST(Base64UrlTest, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 70; ++i) {
    EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes) << i;
    bytes += static_cast<char>(i * 37 + 250);
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

TEST(Base64UrlTest, RefusesWhatIsNotUnpaddedBase64Url) {
  for (const char* text : {"a", "ab==", "a+b/", "ab c", "abcde", "-_9"}) {
    EXPECT_EQ(base64url_decode(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace berth::proxy::oauth
