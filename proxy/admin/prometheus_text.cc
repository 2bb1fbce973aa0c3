#include "proxy/admin/prometheus_text.h"

#include <charconv>
#include <cmath>

namespace berth::proxy::admin {

namespace {

// Help text escapes backslash and newline only; label values also escape the double quote.
void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

}  // namespace

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
  text_.append("# HELP ").append(name).append(" ");
  append_escaped(text_, help, false);
  text_.append("\n# TYPE ").append(name).append(" ").append(type).append("\n");
}

void PrometheusText::sample(std::string_view name, const MetricLabels& labels,
                            std::uint64_t value) {
  start_sample(name, labels);
  text_.append(std::to_string(value)).append("\n");
}

void PrometheusText::sample(std::string_view name, const MetricLabels& labels, double value) {
  start_sample(name, labels);
  text_.append(format_metric_value(value)).append("\n");
}

void PrometheusText::start_sample(std::string_view name, const MetricLabels& labels) {
  text_.append(name);
  if (!labels.empty()) {
    text_ += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) text_ += ',';
      text_.append(labels[i].first).append("=\"");
      append_escaped(text_, labels[i].second, true);
      text_ += '"';
    }
    text_ += '}';
  }
  text_ += ' ';
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  append_escaped(out, value, true);
  return out;
}

std::string format_metric_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char text[64];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value, std::chars_format::general);
  return ec == std::errc() ? std::string(text, end) : "NaN";
}

}  // namespace berth::proxy::admin
