// `spec.auth`: the OAuth scopes a token must grant to reach the server. Each text starts with
// kHead, four lines long, so the fields written after it start at line 5.

#include "specs/auth_fields.h"

#include <gtest/gtest.h>

#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

using test::kHead;
using test::Lines;
using test::parse_errors;
using test::parse_valid;

std::string with(std::string_view body) { return std::string(kHead) + std::string(body); }

TEST(AuthFieldsTest, NoAuthRequiresNoScope) {
  EXPECT_TRUE(parse_valid(kHead).auth.scopes.empty());
  EXPECT_TRUE(parse_valid(with("  auth: {}\n")).auth.scopes.empty());
  EXPECT_TRUE(parse_valid(with("  auth: {scopes: []}\n")).auth.scopes.empty());
}

TEST(AuthFieldsTest, ScopesKeepTheirOrder) {
  EXPECT_EQ(parse_valid(with("  auth: {scopes: [mcp:tools, \"repo.read\", admin]}\n")).auth.scopes,
            (std::vector<std::string>{"mcp:tools", "repo.read", "admin"}));
}

TEST(AuthFieldsTest, InvalidScopeIsAnErrorWithItsPosition) {
  EXPECT_EQ(parse_errors(with("  auth: {scopes: [ok, \"two words\", \"q\\\"\"]}\n")),
            (Lines{"specs/everything.yaml:5:23: spec.auth.scopes[1]: \"two words\" is not an "
                   "OAuth scope (printable ASCII without spaces, '\"' or '\\', at most 128 "
                   "characters)",
                   "specs/everything.yaml:5:36: spec.auth.scopes[2]: \"q\\\"\" is not an OAuth "
                   "scope (printable ASCII without spaces, '\"' or '\\', at most 128 "
                   "characters)"}));
  EXPECT_EQ(parse_errors(with("  auth: {scopes: [\"\"]}\n")).size(), 1u);
  EXPECT_EQ(parse_errors(with("  auth: {scopes: [" + std::string(129, 'a') + "]}\n")).size(), 1u);
}

TEST(AuthFieldsTest, DuplicateScopeIsAnError) {
  EXPECT_EQ(parse_errors(with("  auth: {scopes: [a, b, a]}\n")),
            Lines{"specs/everything.yaml:5:25: spec.auth.scopes[2]: \"a\" is listed twice"});
}

TEST(AuthFieldsTest, WrongShapesAreErrors) {
  EXPECT_EQ(parse_errors(with("  auth: {scopes: admin}\n")),
            Lines{"specs/everything.yaml:5:18: spec.auth.scopes: expected a list, got \"admin\""});
  EXPECT_EQ(parse_errors(with("  auth: {scope: [a]}\n")),
            Lines{"specs/everything.yaml:5:10: spec.auth.scope: unknown field (did you mean "
                  "\"scopes\"?)"});
  EXPECT_EQ(parse_errors(with("  auth: [a]\n")),
            Lines{"specs/everything.yaml:5:9: spec.auth: expected a mapping, got a list"});
}

TEST(AuthFieldsTest, TooManyScopesAreAnError) {
  std::string list;
  for (int i = 0; i < 65; ++i) list += (i ? ", s" : "s") + std::to_string(i);
  EXPECT_EQ(parse_errors(with("  auth: {scopes: [" + list + "]}\n")),
            Lines{"specs/everything.yaml:5:18: spec.auth.scopes: more than 64 scopes"});
}

}  // namespace
}  // namespace berth::specs
