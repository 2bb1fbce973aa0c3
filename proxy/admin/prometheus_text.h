#pragma once
// PrometheusText: writes the Prometheus text exposition format, version 0.0.4, one metric family
// at a time: `# HELP` and `# TYPE` lines, then the family's samples as `name{labels} value`.
// Label values are escaped as the format requires (backslash, double quote, newline), and so
// is help text (backslash, newline). It does not check that a family's samples stay together
// or that names are valid; callers write fixed names in order.
//
// Not thread-safe: one writer per scrape, used on one thread. Pure apart from its buffer.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::proxy::admin {

// The media type of the text format.
inline constexpr std::string_view kPrometheusTextType = "text/plain; version=0.0.4; charset=utf-8";

using MetricLabels = std::vector<std::pair<std::string_view, std::string_view>>;

class PrometheusText {
 public:
  // type: "counter", "gauge" or "histogram".
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, const MetricLabels& labels, std::uint64_t value);
  void sample(std::string_view name, const MetricLabels& labels, double value);

  [[nodiscard]] const std::string& str() const { return text_; }

 private:
  void start_sample(std::string_view name, const MetricLabels& labels);

  std::string text_;
};

// `a"b\c` → `a\"b\\c`; a newline becomes `\n`.
[[nodiscard]] std::string escape_label_value(std::string_view value);
// The shortest text in printf's %g style that reads back as the same double ("0.0005", "30",
// "1e-07"): bucket bounds read as client libraries write them.
[[nodiscard]] std::string format_metric_value(double value);

}  // namespace berth::proxy::admin
