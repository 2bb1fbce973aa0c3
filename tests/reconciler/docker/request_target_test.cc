#include "reconciler/docker/request_target.h"

#include <gtest/gtest.h>

#include "reconciler/docker/api_version.h"

namespace berth::reconciler::docker {
namespace {

TEST(EscapeQueryValueTest, EncodesAllButUnreserved) {
  EXPECT_EQ(escape_query_value("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(escape_query_value(R"({"label":["a=b"]})"), "%7B%22label%22%3A%5B%22a%3Db%22%5D%7D");
  EXPECT_EQ(escape_query_value("a b&c/\xC3\xA9"), "a%20b%26c%2F%C3%A9");
}

TEST(ObjectNameTest, AcceptsEngineNamesOnly) {
  EXPECT_TRUE(is_valid_object_name("berth-web_1.x"));
  EXPECT_TRUE(is_valid_object_name("3f2a9c"));
  EXPECT_FALSE(is_valid_object_name(""));
  EXPECT_FALSE(is_valid_object_name(".."));
  EXPECT_FALSE(is_valid_object_name("-x"));
  EXPECT_FALSE(is_valid_object_name("a/../b"));
  EXPECT_FALSE(is_valid_object_name("a?b"));
}

TEST(ImageReferenceTest, AcceptsReferencesRejectsTraversal) {
  EXPECT_TRUE(is_valid_image_reference("berth/test-server:latest"));
  EXPECT_TRUE(is_valid_image_reference("127.0.0.1:5000/a/b@sha256:0123abcd"));
  EXPECT_FALSE(is_valid_image_reference("a/../../containers/x"));
  EXPECT_FALSE(is_valid_image_reference("/abs"));
  EXPECT_FALSE(is_valid_image_reference("a b"));
  EXPECT_FALSE(is_valid_image_reference("a?x=1"));
}

TEST(SplitImageReferenceTest, TagDefaultsToLatest) {
  auto plain = split_image_reference("nginx");
  EXPECT_EQ(plain.from_image, "nginx");
  EXPECT_EQ(plain.tag, "latest");
  auto tagged = split_image_reference("host:5000/app:1.2");
  EXPECT_EQ(tagged.from_image, "host:5000/app");
  EXPECT_EQ(tagged.tag, "1.2");
  auto port_only = split_image_reference("host:5000/app");
  EXPECT_EQ(port_only.from_image, "host:5000/app");
  EXPECT_EQ(port_only.tag, "latest");
  auto digest = split_image_reference("app@sha256:abcd");
  EXPECT_EQ(digest.from_image, "app@sha256:abcd");
  EXPECT_EQ(digest.tag, "");
}

TEST(ChooseApiVersionTest, CapsAtOursAndRefusesOldEngines) {
  EXPECT_EQ(*choose_api_version("1.41"), "1.41");
  EXPECT_EQ(*choose_api_version("1.40"), "1.40");
  EXPECT_EQ(*choose_api_version("1.45"), "1.45");
  EXPECT_EQ(*choose_api_version("1.50"), "1.45");
  EXPECT_EQ(*choose_api_version("2.0"), "1.45");
  auto old = choose_api_version("1.39");
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.error().find("needs 1.40 or newer"), std::string::npos) << old.error();
  EXPECT_FALSE(choose_api_version("").ok());
  EXPECT_FALSE(choose_api_version("1.x").ok());
  EXPECT_FALSE(choose_api_version("141").ok());
}

}  // namespace
}  // namespace berth::reconciler::docker
