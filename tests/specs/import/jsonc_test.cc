#include "specs/import/jsonc.h"

#include <gtest/gtest.h>

#include "specs/import/json_file.h"
#include "tests/specs/import/import_test_util.h"
#include "tests/specs/spec_test_util.h"

namespace berth::specs::import {
namespace {

std::string stripped(std::string_view text) {
  auto json = strip_jsonc(text);
  return json ? *json : "error: " + json.error();
}

TEST(JsoncTest, CommentsBecomeSpacesAndKeepPositions) {
  EXPECT_EQ(stripped("{ // note\n\"a\": 1 /* x\ny */}"), "{        \n\"a\": 1     \n    }");
  EXPECT_EQ(stripped("// only"), "       ");
}

TEST(JsoncTest, StringsAreNeverTouched) {
  std::string text = R"({"url": "https://x/*y*/", "s": "a // b", "q": "\" // \\", "t": ",}"})";
  EXPECT_EQ(stripped(text), text);
}

TEST(JsoncTest, TrailingCommasGo) {
  EXPECT_EQ(stripped("[1,2,]"), "[1,2 ]");
  EXPECT_EQ(stripped("{\"a\": [1,\n],\n}"), "{\"a\": [1 \n] \n}");
  EXPECT_EQ(stripped("{\"a\": 1, // c\n}"), "{\"a\": 1      \n}");
  EXPECT_EQ(stripped("[1, /* c */ ]"), "[1          ]");
  EXPECT_EQ(stripped("[\",]\", 2]"), "[\",]\", 2]");
}

TEST(JsoncTest, UnclosedBlockComment) {
  EXPECT_EQ(stripped("{\n  /* never"), "error: 2:3: a /* comment is never closed");
}

TEST(JsoncTest, ErrorsNameFileLineAndColumn) {
  auto broken = read_json_file(test::fixture_path("broken.json"));
  ASSERT_FALSE(broken);
  std::string file = test::fixture_path("broken.json").string();
  EXPECT_EQ(broken.error(), file + ":3:53: Missing a comma or ']' after an array element.");
  auto unterminated = read_json_file(test::fixture_path("unterminated_comment.jsonc"));
  EXPECT_EQ(unterminated.error(), test::fixture_path("unterminated_comment.jsonc").string() +
                                      ":2:17: a /* comment is never closed");
  EXPECT_EQ(read_json_file("/").error(), "/: cannot be read (not a regular file)");
  EXPECT_EQ(
      read_json_file("/nonexistent.json").error().rfind("/nonexistent.json: cannot be read", 0),
      0u);
}

TEST(JsoncTest, FilesOverOneMebibyteAreRefused) {
  specs::test::TempDir temp;
  std::filesystem::path big =
      temp.write("big.json", "[" + std::string(kMaxJsonFileBytes, ' ') + "]");
  EXPECT_EQ(read_json_file(big).error(), big.string() + ": larger than 1 MiB");
  std::filesystem::path fits = temp.write("fits.json", "[" + std::string(1000, ' ') + "]");
  EXPECT_TRUE(read_json_file(fits));
}

TEST(JsoncTest, DeepNestingDoesNotExhaustTheStack) {
  std::string deep(200000, '[');
  deep += std::string(200000, ']');
  auto document = parse_json_text(deep, "deep.json");
  EXPECT_TRUE(document) << document.error();
}

}  // namespace
}  // namespace berth::specs::import
