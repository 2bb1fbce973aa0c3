#include "specs/secret_scrubber.h"

#include <gtest/gtest.h>

#include <string>

namespace berth::specs {
namespace {

TEST(SecretScrubberTest, ReplacesEveryOccurrenceByTheSecretsName) {
  EXPECT_EQ(scrub_secrets("TOKEN=ghp_abc123 and again ghp_abc123", {{"gh", "ghp_abc123"}}),
            "TOKEN=<secret gh> and again <secret gh>");
}

TEST(SecretScrubberTest, FindsTheValueWithoutItsTrailingNewline) {
  EXPECT_EQ(scrub_secrets("bad env TOKEN=ghp_abc123 (x)", {{"gh", "ghp_abc123\n"}}),
            "bad env TOKEN=<secret gh> (x)");
}

TEST(SecretScrubberTest, FindsThePrintablePiecesOfAnEscapedValue) {
  // The engine quotes a value with a NUL byte as Go's %q does.
  std::string value("first-part\0second-part", 22);
  EXPECT_EQ(scrub_secrets(R"(invalid "API_TOKEN=first-part\x00second-part")", {{"api", value}}),
            R"(invalid "API_TOKEN=<secret api>\x00<secret api>")");
}

TEST(SecretScrubberTest, ShortPiecesAreLeftSoMessagesStayReadable) {
  std::string value("ab\0cdefgh", 9);
  EXPECT_EQ(scrub_secrets("ab cdefgh", {{"s", value}}), "ab <secret s>");
}

TEST(SecretScrubberTest, LeavesTextWithoutSecretsAlone) {
  EXPECT_EQ(scrub_secrets("No such image: mcp/x:1", {{"a", "value-a"}, {"empty", ""}}),
            "No such image: mcp/x:1");
}

TEST(SecretScrubberTest, ASecretContainingAnotherIsReplacedWhole) {
  EXPECT_EQ(
      scrub_secrets("x=long-secret-value", {{"short", "secret"}, {"long", "long-secret-value"}}),
      "x=<secret long>");
}

TEST(SecretScrubberTest, AReplacementIsNeverSearchedAgain) {
  EXPECT_EQ(scrub_secrets("x=secret y=secret", {{"s", "secret"}}), "x=<secret s> y=<secret s>");
}

}  // namespace
}  // namespace berth::specs
