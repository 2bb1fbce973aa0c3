#include "specs/import/yaml_text.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace berth::specs::import {
namespace {

TEST(YamlTextTest, PlainOnlyWhenUnambiguous) {
  EXPECT_EQ(yaml_scalar("ghcr.io/github/github-mcp-server"), "ghcr.io/github/github-mcp-server");
  EXPECT_EQ(yaml_scalar("/data"), "/data");
  EXPECT_EQ(yaml_scalar("512Mi"), "512Mi");
  EXPECT_EQ(yaml_scalar("true"), "\"true\"");
  EXPECT_EQ(yaml_scalar("No"), "\"No\"");
  EXPECT_EQ(yaml_scalar("~"), "\"~\"");
  EXPECT_EQ(yaml_scalar(""), "\"\"");
  EXPECT_EQ(yaml_scalar("1000:1000"), "\"1000:1000\"");
  EXPECT_EQ(yaml_scalar("@modelcontextprotocol/server-filesystem"),
            "\"@modelcontextprotocol/server-filesystem\"");
  EXPECT_EQ(yaml_scalar("-y"), "-y");
  EXPECT_EQ(yaml_scalar("-"), "\"-\"");
  EXPECT_EQ(yaml_scalar("mcp/everything:latest"), "mcp/everything:latest");
  EXPECT_EQ(yaml_scalar("ends:"), "\"ends:\"");
  EXPECT_EQ(yaml_scalar("a b"), "\"a b\"");
}

TEST(YamlTextTest, QuotedTextReadsBackExactly) {
  for (std::string text : {"say \"hi\"", "back\\slash", "tab\there", "line\nbreak", "x: y, z",
                           "[a]", "{b}", "# not a comment", "bell\x07", "caf\xc3\xa9", "null"}) {
    YAML::Node node = YAML::Load("v: " + yaml_scalar(text));
    EXPECT_EQ(node["v"].Scalar(), text);
    YAML::Node list = YAML::Load("v: " + yaml_flow_list({text, "x"}));
    EXPECT_EQ(list["v"][0].Scalar(), text);
  }
}

TEST(YamlTextTest, PlainTextReadsBackAsTextInBothContexts) {
  for (std::string text : {"-y", "--toolsets", "mcp/everything:latest", "localhost:5000/a/b:1",
                           "a_b", "/x/y", "3001", "0.5"}) {
    ASSERT_EQ(yaml_scalar(text), text);
    YAML::Node node = YAML::Load("v: " + text);
    EXPECT_TRUE(node["v"].IsScalar()) << text;
    EXPECT_EQ(node["v"].Scalar(), text);
    YAML::Node list = YAML::Load("v: " + yaml_flow_list({text, text}));
    ASSERT_TRUE(list["v"].IsSequence()) << text;
    EXPECT_TRUE(list["v"][0].IsScalar()) << text;
    EXPECT_EQ(list["v"][1].Scalar(), text);
    YAML::Node map = YAML::Load("v: {a: " + text + ", b: c}");
    EXPECT_EQ(map["v"]["a"].Scalar(), text);
  }
}

TEST(YamlTextTest, CommentsWrapAtHundredColumns) {
  std::string long_text(30, 'a');
  long_text += " " + std::string(40, 'b') + " " + std::string(40, 'c');
  std::string comment = yaml_comment(long_text, 2);
  EXPECT_EQ(comment, "  # " + std::string(30, 'a') + " " + std::string(40, 'b') + "\n  # " +
                         std::string(40, 'c') + "\n");
  EXPECT_EQ(yaml_comment("two\nlines", 0), "# two lines\n");
}

}  // namespace
}  // namespace berth::specs::import
