#include "specs/spec_error.h"

#include <gtest/gtest.h>

#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

using test::error_lines;
using test::Lines;

TEST(SpecErrorTest, LineNamesFilePositionFieldAndMessage) {
  SpecError error{"specs/github.yaml", 12, 13, "spec.resources.memory",
                  "\"512XB\" is not a size (try 512Mi)"};
  EXPECT_EQ(error.to_string(),
            "specs/github.yaml:12:13: spec.resources.memory: \"512XB\" is not a size (try 512Mi)");
}

TEST(SpecErrorTest, LineLeavesOutAnEmptyField) {
  SpecError error{"specs/a.yaml", 2, 1, "", "YAML syntax error: illegal map value"};
  EXPECT_EQ(error.to_string(), "specs/a.yaml:2:1: YAML syntax error: illegal map value");
}

TEST(SpecErrorTest, LineLeavesOutThePositionOfAWholeFileProblem) {
  SpecError error{"specs/gone.yaml", 0, 0, "", "no such file or directory"};
  EXPECT_EQ(error.to_string(), "specs/gone.yaml: no such file or directory");
}

TEST(SpecErrorTest, SortOrdersByFileThenLineThenColumnAndKeepsTies) {
  std::vector<SpecError> errors = {
      {"b.yaml", 1, 1, "", "b"},      {"a.yaml", 10, 1, "", "a10"}, {"a.yaml", 2, 7, "", "a2:7"},
      {"a.yaml", 2, 3, "x", "first"}, {"a.yaml", 0, 0, "", "file"}, {"a.yaml", 2, 3, "y", "second"},
  };
  sort_errors(errors);
  EXPECT_EQ(error_lines(errors),
            (Lines{"a.yaml: file", "a.yaml:2:3: x: first", "a.yaml:2:3: y: second",
                   "a.yaml:2:7: a2:7", "a.yaml:10:1: a10", "b.yaml:1:1: b"}));
}

TEST(SpecErrorTest, JsonHoldsEveryPartEscaped) {
  std::vector<SpecError> errors = {
      {"specs/a.yaml", 3, 9, "spec.pull", "\"always\" is not one of IfNotPresent"},
      {"specs/b.yaml", 0, 0, "", "no such file or directory"},
  };
  EXPECT_EQ(errors_to_json(errors),
            R"([{"file":"specs/a.yaml","line":3,"column":9,"field":"spec.pull",)"
            R"("message":"\"always\" is not one of IfNotPresent"},)"
            R"({"file":"specs/b.yaml","line":0,"column":0,"field":"",)"
            R"("message":"no such file or directory"}])");
  EXPECT_EQ(errors_to_json({}), "[]");
}

}  // namespace
}  // namespace berth::specs
