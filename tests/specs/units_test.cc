#include "specs/units.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

namespace berth::specs {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int64_t kKi = 1024;
constexpr int64_t kNano = 1000 * 1000 * 1000;

TEST(UnitsTest, ParseSizeReadsPlainBytes) {
  EXPECT_EQ(parse_size("0"), 0);
  EXPECT_EQ(parse_size("1048576"), 1048576);
  EXPECT_EQ(parse_size("9223372036854775807"), INT64_MAX);
}

TEST(UnitsTest, ParseSizeReadsBinaryUnits) {
  EXPECT_EQ(parse_size("2Ki"), 2 * kKi);
  EXPECT_EQ(parse_size("512Mi"), 512 * kKi * kKi);
  EXPECT_EQ(parse_size("1Gi"), kKi * kKi * kKi);
  EXPECT_EQ(parse_size("3Ti"), 3 * kKi * kKi * kKi * kKi);
}

TEST(UnitsTest, ParseSizeReadsDecimalUnits) {
  EXPECT_EQ(parse_size("2K"), 2000);
  EXPECT_EQ(parse_size("5M"), 5000000);
  EXPECT_EQ(parse_size("1G"), 1000000000);
  EXPECT_EQ(parse_size("2T"), 2000000000000);
}

TEST(UnitsTest, ParseSizeReadsFractionsOfAUnitExactly) {
  EXPECT_EQ(parse_size("1.5Gi"), 1536 * kKi * kKi);
  EXPECT_EQ(parse_size("0.5Ki"), 512);
  EXPECT_EQ(parse_size("0.1Ki"), 102);  // 102.4 bytes, truncated
  EXPECT_EQ(parse_size("1.25K"), 1250);
}

TEST(UnitsTest, ParseSizeRejectsFractionsOfAByte) {
  EXPECT_EQ(parse_size("1.5"), std::nullopt);
  EXPECT_EQ(parse_size("0.5"), std::nullopt);
}

TEST(UnitsTest, ParseSizeRejectsUnknownUnitsAndMalformedNumbers) {
  for (const char* text : {"", "Mi", "512XB", "512mi", "512MB", "512 Mi", "-1", "+1", "1.", ".5Gi",
                           "1e9", "1Gi ", " 1Gi", "1,5Gi", "1Ei"}) {
    EXPECT_EQ(parse_size(text), std::nullopt) << text;
  }
}

TEST(UnitsTest, ParseSizeRejectsOverflow) {
  EXPECT_EQ(parse_size("9223372036854775808"), std::nullopt);
  EXPECT_EQ(parse_size("8388608Ti"), std::nullopt);  // 2^63
  EXPECT_EQ(parse_size("8388607Ti"), 8388607 * kKi * kKi * kKi * kKi);
}

TEST(UnitsTest, ParseDurationReadsEachUnit) {
  EXPECT_EQ(parse_duration("500ms"), Millis(500));
  EXPECT_EQ(parse_duration("30s"), seconds(30));
  EXPECT_EQ(parse_duration("5m"), minutes(5));
  EXPECT_EQ(parse_duration("1h"), hours(1));
  EXPECT_EQ(parse_duration("0s"), Millis(0));
}

TEST(UnitsTest, ParseDurationAddsUpSequencesAndFractions) {
  EXPECT_EQ(parse_duration("1m30s"), seconds(90));
  EXPECT_EQ(parse_duration("1h1m1s1ms"), Millis(3661001));
  EXPECT_EQ(parse_duration("1.5s"), Millis(1500));
  EXPECT_EQ(parse_duration("0.5h"), minutes(30));
}

TEST(UnitsTest, ParseDurationRejectsMissingOrUnknownUnits) {
  for (const char* text :
       {"", "30", "s", "1d", "1sec", "30sx", "1.s", "-1s", "1 s", "1m 30s", "1m30", "5M"}) {
    EXPECT_EQ(parse_duration(text), std::nullopt) << text;
  }
}

TEST(UnitsTest, ParseDurationRejectsOverflow) {
  EXPECT_EQ(parse_duration("9223372036854775808ms"), std::nullopt);
  EXPECT_EQ(parse_duration("9223372036854775807ms1ms"), std::nullopt);
}

TEST(UnitsTest, ParseCpusReadsWholeAndFractionalCpus) {
  EXPECT_EQ(parse_cpus("2"), 2 * kNano);
  EXPECT_EQ(parse_cpus("0.5"), kNano / 2);
  EXPECT_EQ(parse_cpus("1.25"), 1250000000);
  EXPECT_EQ(parse_cpus("0.000000001"), 1);
}

TEST(UnitsTest, ParseCpusReadsMilliCpus) {
  EXPECT_EQ(parse_cpus("500m"), kNano / 2);
  EXPECT_EQ(parse_cpus("1m"), 1000000);
  EXPECT_EQ(parse_cpus("2000m"), 2 * kNano);
}

TEST(UnitsTest, ParseCpusRejectsOtherSpellings) {
  for (const char* text : {"", "m", "0.5m", "2x", "2 cpus", "-1", "1e9", "500M", "10000000000"}) {
    EXPECT_EQ(parse_cpus(text), std::nullopt) << text;
  }
}

TEST(UnitsTest, SuggestSizeKeepsTheNumberAndTheUnitMeant) {
  EXPECT_EQ(suggest_size("512XB"), "512Mi");
  EXPECT_EQ(suggest_size("512MB"), "512Mi");
  EXPECT_EQ(suggest_size("1GB"), "1Gi");
  EXPECT_EQ(suggest_size("1.5 gib"), "1.5Gi");
  EXPECT_EQ(suggest_size("100kb"), "100Ki");
  EXPECT_EQ(suggest_size("2TB"), "2Ti");
  EXPECT_EQ(suggest_size("0.5"), "0.5Mi");
}

TEST(UnitsTest, SuggestSizeFallsBackToAnExample) {
  EXPECT_EQ(suggest_size("lots"), "512Mi");
  EXPECT_EQ(suggest_size("tiny"), "512Mi");
  EXPECT_EQ(suggest_size(""), "512Mi");
}

TEST(UnitsTest, SuggestDurationKeepsTheNumberAndTheUnitMeant) {
  EXPECT_EQ(suggest_duration("30"), "30s");
  EXPECT_EQ(suggest_duration("10sec"), "10s");
  EXPECT_EQ(suggest_duration("100msec"), "100ms");
  EXPECT_EQ(suggest_duration("2 millis"), "2ms");
  EXPECT_EQ(suggest_duration("5min"), "5m");
  EXPECT_EQ(suggest_duration("5M"), "5m");
  EXPECT_EQ(suggest_duration("2hours"), "2h");
  EXPECT_EQ(suggest_duration("1d"), "24h");
  EXPECT_EQ(suggest_duration("1.5days"), "36h");
}

TEST(UnitsTest, SuggestDurationFallsBackToAnExample) {
  EXPECT_EQ(suggest_duration("soon"), "30s");
  EXPECT_EQ(suggest_duration(""), "30s");
}

TEST(UnitsTest, FormatSizeUsesTheLargestBinaryUnitThatDivides) {
  EXPECT_EQ(format_size(512 * kKi * kKi), "512Mi");
  EXPECT_EQ(format_size(1536 * kKi * kKi), "1536Mi");
  EXPECT_EQ(format_size(kKi), "1Ki");
  EXPECT_EQ(format_size(kKi * kKi * kKi * kKi), "1Ti");
  EXPECT_EQ(format_size(1000), "1000");
  EXPECT_EQ(format_size(0), "0");
}

TEST(UnitsTest, FormatDurationSpellsEachUnit) {
  EXPECT_EQ(format_duration(seconds(90)), "1m30s");
  EXPECT_EQ(format_duration(Millis(1500)), "1s500ms");
  EXPECT_EQ(format_duration(hours(1)), "1h");
  EXPECT_EQ(format_duration(Millis(3661001)), "1h1m1s1ms");
  EXPECT_EQ(format_duration(Millis(0)), "0s");
}

TEST(UnitsTest, FormatCpusWritesTheShortestDecimal) {
  EXPECT_EQ(format_cpus(kNano / 2), "0.5");
  EXPECT_EQ(format_cpus(2 * kNano), "2");
  EXPECT_EQ(format_cpus(1250000000), "1.25");
  EXPECT_EQ(format_cpus(1000000), "0.001");
  EXPECT_EQ(format_cpus(1), "0.000000001");
}

TEST(UnitsTest, FormattedValuesParseBackToTheSameValue) {
  for (int64_t bytes : {int64_t{6} * kKi * kKi, int64_t{1000}, 3 * kKi * kKi * kKi}) {
    EXPECT_EQ(parse_size(format_size(bytes)), bytes);
  }
  for (Millis duration : {Millis(1), Millis(1500), Millis(3661001)}) {
    EXPECT_EQ(parse_duration(format_duration(duration)), duration);
  }
  for (int64_t nano : {int64_t{1}, kNano / 2, 3 * kNano})
    EXPECT_EQ(parse_cpus(format_cpus(nano)), nano);
}

}  // namespace
}  // namespace berth::specs
