#include "tests/proxy/admin/exposition_parser.h"

#include <cstdlib>
#include <limits>

namespace berth::proxy::admin::testing {

namespace {

bool is_name_char(char c, bool first) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  return alpha || (!first && c >= '0' && c <= '9');
}

// Reads a metric or label name at the front of `rest`; "" if there is none.
std::string take_name(std::string_view& rest) {
  std::size_t n = 0;
  while (n < rest.size() && is_name_char(rest[n], n == 0)) ++n;
  std::string name(rest.substr(0, n));
  rest.remove_prefix(n);
  return name;
}

// Reads `"value"` with escapes; false on a bad escape or a missing quote.
bool take_quoted(std::string_view& rest, std::string& value) {
  if (rest.empty() || rest.front() != '"') return false;
  for (std::size_t i = 1; i < rest.size(); ++i) {
    char c = rest[i];
    if (c == '"') {
      rest.remove_prefix(i + 1);
      return true;
    }
    if (c == '\n') return false;
    if (c != '\\') {
      value += c;
      continue;
    }
    if (++i == rest.size()) return false;
    char escaped = rest[i];
    if (escaped == 'n') {
      value += '\n';
    } else if (escaped == '\\' || escaped == '"') {
      value += escaped;
    } else {
      return false;
    }
  }
  return false;
}

bool take_labels(std::string_view& rest, ParsedLabels& labels) {
  if (rest.empty() || rest.front() != '{') return true;
  rest.remove_prefix(1);
  while (!rest.empty() && rest.front() != '}') {
    std::string key = take_name(rest);
    if (key.empty() || rest.empty() || rest.front() != '=') return false;
    rest.remove_prefix(1);
    std::string value;
    if (!take_quoted(rest, value) || labels.count(key) > 0) return false;
    labels[key] = value;
    if (!rest.empty() && rest.front() == ',') rest.remove_prefix(1);
  }
  if (rest.empty()) return false;
  rest.remove_prefix(1);
  return true;
}

bool parse_value(std::string_view text, double& value) {
  if (text == "+Inf" || text == "-Inf" || text == "NaN") {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    value =
        text == "NaN" ? std::numeric_limits<double>::quiet_NaN() : (text == "+Inf" ? kInf : -kInf);
    return true;
  }
  std::string copy(text);
  char* end = nullptr;
  value = std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size();
}

// The family a sample belongs to: its own name, or for a histogram the name without the suffix.
std::string family_of(const Exposition& exposition, const std::string& name) {
  for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
    if (!name.ends_with(suffix)) continue;
    std::string base = name.substr(0, name.size() - suffix.size());
    auto it = exposition.type.find(base);
    if (it != exposition.type.end() && it->second == "histogram") return base;
  }
  return name;
}

std::string parse_comment(Exposition& exposition, std::string_view line) {
  bool help = line.starts_with("# HELP ");
  if (!help && !line.starts_with("# TYPE ")) return "a comment that is neither HELP nor TYPE";
  std::string_view rest = line.substr(7);
  std::string name = take_name(rest);
  if (name.empty() || rest.empty() || rest.front() != ' ') return "no metric name";
  rest.remove_prefix(1);
  auto& table = help ? exposition.help : exposition.type;
  if (table.count(name) > 0) return "a second " + std::string(help ? "HELP" : "TYPE");
  std::string text;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (help && rest[i] == '\\' && i + 1 < rest.size()) {
      text += rest[i + 1] == 'n' ? '\n' : rest[i + 1];
      ++i;
    } else {
      text += rest[i];
    }
  }
  table[name] = text;
  return "";
}

std::string parse_sample(Exposition& exposition, std::string_view line) {
  ParsedSample sample;
  std::string_view rest = line;
  sample.name = take_name(rest);
  if (sample.name.empty()) return "no metric name";
  if (!take_labels(rest, sample.labels)) return "bad labels";
  if (rest.empty() || rest.front() != ' ') return "no space before the value";
  if (!parse_value(rest.substr(1), sample.value)) return "bad value";
  if (exposition.type.count(family_of(exposition, sample.name)) == 0) return "no TYPE before";
  exposition.samples.push_back(std::move(sample));
  return "";
}

}  // namespace

Exposition parse_exposition(std::string_view text) {
  Exposition exposition;
  int number = 0;
  while (!text.empty()) {
    ++number;
    std::size_t newline = text.find('\n');
    if (newline == std::string_view::npos) {
      exposition.error = "line " + std::to_string(number) + ": no final newline";
      return exposition;
    }
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline + 1);
    std::string error =
        line.starts_with('#') ? parse_comment(exposition, line) : parse_sample(exposition, line);
    if (!error.empty()) {
      exposition.error = "line " + std::to_string(number) + ": " + error + ": " + std::string(line);
      return exposition;
    }
  }
  return exposition;
}

std::optional<double> Exposition::value(std::string_view name, const ParsedLabels& labels) const {
  for (const ParsedSample& sample : samples) {
    if (sample.name == name && sample.labels == labels) return sample.value;
  }
  return std::nullopt;
}

std::vector<ParsedSample> Exposition::matching(std::string_view name,
                                               const ParsedLabels& subset) const {
  std::vector<ParsedSample> found;
  for (const ParsedSample& sample : samples) {
    if (sample.name != name) continue;
    bool all = true;
    for (const auto& [key, value] : subset) {
      auto it = sample.labels.find(key);
      all = all && it != sample.labels.end() && it->second == value;
    }
    if (all) found.push_back(sample);
  }
  return found;
}

}  // namespace berth::proxy::admin::testing
