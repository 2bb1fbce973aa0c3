#pragma once
// A strict reader of the Prometheus text format (0.0.4) for tests: every line must be a
// `# HELP name text`, a `# TYPE name type` or a sample `name{label="value",…} value`, label
// values unescaped (\\, \", \n), and every sample must belong to a family whose TYPE came
// before it (histogram samples: name_bucket, name_sum, name_count). The first violation is
// reported with its line number. Pure functions.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::proxy::admin::testing {

using ParsedLabels = std::map<std::string, std::string>;

struct ParsedSample {
  std::string name;
  ParsedLabels labels;
  double value = 0;
};

struct Exposition {
  std::map<std::string, std::string> help;  // by family name, unescaped
  std::map<std::string, std::string> type;  // by family name
  std::vector<ParsedSample> samples;        // in text order
  std::string error;                        // "" when the whole text parsed

  // The value of the sample with exactly these labels, or nullopt.
  [[nodiscard]] std::optional<double> value(std::string_view name,
                                            const ParsedLabels& labels = {}) const;
  // Every sample of `name` whose labels include `subset`.
  [[nodiscard]] std::vector<ParsedSample> matching(std::string_view name,
                                                   const ParsedLabels& subset = {}) const;
};

[[nodiscard]] Exposition parse_exposition(std::string_view text);

}  // namespace berth::proxy::admin::testing
