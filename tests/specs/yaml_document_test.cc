#include "specs/yaml_document.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

using test::error_lines;
using test::kHead;
using test::Lines;

// The error lines of loading `text` as `a.yaml`, or {} when it has a usable document.
Lines load_errors(std::string_view text) {
  std::vector<SpecError> errors;
  FieldReader reader("a.yaml", errors);
  auto root = load_single_document(text, reader);
  EXPECT_EQ(root.has_value(), errors.empty());
  return error_lines(errors);
}

TEST(YamlDocumentTest, LoadsTheOneDocument) {
  std::vector<SpecError> errors;
  FieldReader reader("a.yaml", errors);
  auto root = load_single_document(kHead, reader);
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ((*root)["spec"]["image"].Scalar(), "mcp/everything");
  EXPECT_TRUE(errors.empty());
}

TEST(YamlDocumentTest, MarkersAndEmptyDocumentsAroundItAreAllowed) {
  EXPECT_EQ(load_errors(std::string("---\n") + kHead + "...\n"), Lines{});
  EXPECT_EQ(load_errors(std::string(kHead) + "---\n# nothing\n---\n"), Lines{});
}

TEST(YamlDocumentTest, SecondDocumentIsAnError) {
  EXPECT_EQ(load_errors(std::string(kHead) + "---\n---\n" + kHead),
            Lines{"a.yaml:7:1: more than one YAML document; berth reads one server per file"});
}

TEST(YamlDocumentTest, EmptyOrNullDocumentIsAnError) {
  EXPECT_EQ(load_errors(""), Lines{"a.yaml:1:1: the file is empty; expected an MCPServer spec"});
  EXPECT_EQ(load_errors("---\n---\n"),
            Lines{"a.yaml:1:1: the file is empty; expected an MCPServer spec"});
  EXPECT_EQ(load_errors("~\n"), Lines{"a.yaml:1:1: the file is empty; expected an MCPServer spec"});
}

// yaml-cpp's LoadAll loops forever on a stray ',' outside a flow collection.
TEST(YamlDocumentTest, StrayCommaIsASyntaxErrorNotAHang) {
  EXPECT_EQ(load_errors(",\n"), Lines{"a.yaml:1:1: YAML syntax error: unexpected ','"});
  EXPECT_EQ(load_errors(std::string(kHead) + ",\n"),
            Lines{"a.yaml:5:1: YAML syntax error: end of map not found"});
}

TEST(YamlDocumentTest, SyntaxErrorInALaterDocumentIsReported) {
  EXPECT_EQ(load_errors(std::string(kHead) + "---\nfoo: [\n"),
            Lines{"a.yaml:7:1: YAML syntax error: end of sequence flow not found"});
}

}  // namespace
}  // namespace berth::specs
