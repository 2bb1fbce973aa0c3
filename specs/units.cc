#include "specs/units.h"

#include <array>
#include <cctype>
#include <limits>

namespace berth::specs {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the leading `digits[.digits]` of `text`, 0 when it does not start with a number.
size_t number_length(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == 0) return 0;
  if (i < text.size() && text[i] == '.') {
    size_t j = i + 1;
    while (j < text.size() && is_digit(text[j])) ++j;
    if (j == i + 1) return 0;  // "1." is not a number
    i = j;
  }
  return i;
}

__extension__ typedef __int128 Wide;  // exact products of a fraction and a unit

// `number` (digits[.digits]) times `scale`, truncated toward zero; nullopt on overflow.
std::optional<int64_t> scale_decimal(std::string_view number, int64_t scale) {
  Wide numerator = 0;
  Wide denominator = 1;
  bool in_fraction = false;
  for (char c : number) {
    if (c == '.') {
      in_fraction = true;
      continue;
    }
    if (in_fraction && denominator >= Wide(1000000000000000000LL)) continue;  // beyond precision
    numerator = numerator * 10 + (c - '0');
    if (in_fraction) denominator *= 10;
    if (numerator / denominator > kMax) return std::nullopt;
  }
  Wide result = numerator * scale / denominator;
  if (result > kMax) return std::nullopt;
  return static_cast<int64_t>(result);
}

struct Unit {
  std::string_view suffix;
  int64_t scale;
};

std::optional<int64_t> parse_with_units(std::string_view text, const Unit* units, size_t count) {
  size_t n = number_length(text);
  if (n == 0) return std::nullopt;
  std::string_view suffix = text.substr(n);
  for (size_t i = 0; i < count; ++i) {
    if (suffix == units[i].suffix) return scale_decimal(text.substr(0, n), units[i].scale);
  }
  return std::nullopt;
}

constexpr int64_t kKi = 1024;
constexpr std::array<Unit, 9> kSizeUnits{{{"", 1},
                                          {"K", 1000},
                                          {"M", 1000 * 1000},
                                          {"G", 1000 * 1000 * 1000},
                                          {"T", 1000LL * 1000 * 1000 * 1000},
                                          {"Ki", kKi},
                                          {"Mi", kKi* kKi},
                                          {"Gi", kKi* kKi* kKi},
                                          {"Ti", kKi* kKi* kKi* kKi}}};

constexpr std::array<Unit, 4> kDurationUnits{
    {{"ms", 1}, {"s", 1000}, {"m", 60 * 1000}, {"h", 60 * 60 * 1000}}};

// The unit written after the leading number, lowercased and without spaces: "1 GB" → "gb".
std::string unit_word(std::string_view text) {
  std::string out;
  for (char c : text.substr(number_length(text))) {
    if (c != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::optional<int64_t> parse_size(std::string_view text) {
  if (text.find('.') != std::string_view::npos && number_length(text) == text.size()) {
    return std::nullopt;  // a fraction of a byte
  }
  return parse_with_units(text, kSizeUnits.data(), kSizeUnits.size());
}

std::optional<Millis> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t total = 0;
  while (!text.empty()) {
    size_t n = number_length(text);
    if (n == 0) return std::nullopt;
    size_t end = n;
    while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) ++end;
    auto part = parse_with_units(text.substr(0, end), kDurationUnits.data(), kDurationUnits.size());
    if (!part || end == n || total > kMax - *part) return std::nullopt;
    total += *part;
    text.remove_prefix(end);
  }
  return Millis(total);
}

std::optional<int64_t> parse_cpus(std::string_view text) {
  size_t n = number_length(text);
  if (n == 0) return std::nullopt;
  if (n == text.size()) return scale_decimal(text, 1000 * 1000 * 1000);
  if (text.substr(n) == "m" && text.find('.') == std::string_view::npos) {
    return scale_decimal(text.substr(0, n), 1000 * 1000);
  }
  return std::nullopt;
}

// Keeps the number and the unit the user had in mind ("1GB" → 1Gi, not 1Mi).
std::string suggest_size(std::string_view text) {
  size_t n = number_length(text);
  if (n == 0) return "512Mi";
  std::string unit = unit_word(text);
  std::string_view suffix = "Mi";
  if (starts_with(unit, "k")) suffix = "Ki";
  if (starts_with(unit, "g")) suffix = "Gi";
  if (starts_with(unit, "t")) suffix = "Ti";
  return std::string(text.substr(0, n)) + std::string(suffix);
}

// Keeps the number and the unit the user had in mind ("5min" → 5m, not 5s; "1d" → 24h).
std::string suggest_duration(std::string_view text) {
  size_t n = number_length(text);
  if (n == 0) return "30s";
  std::string number(text.substr(0, n));
  std::string unit = unit_word(text);
  if (starts_with(unit, "ms") || starts_with(unit, "milli")) return number + "ms";
  if (starts_with(unit, "m")) return number + "m";
  if (starts_with(unit, "h")) return number + "h";
  if (starts_with(unit, "d")) {
    auto ms = scale_decimal(number, 24 * 60 * 60 * 1000);
    if (ms && *ms > 0) return format_duration(Millis(*ms));
  }
  return number + "s";
}

std::string format_size(int64_t bytes) {
  for (auto it = kSizeUnits.rbegin(); it != kSizeUnits.rend(); ++it) {
    if (it->scale > 1 && bytes != 0 && bytes % it->scale == 0 && it->suffix.size() == 2) {
      return std::to_string(bytes / it->scale) + std::string(it->suffix);
    }
  }
  return std::to_string(bytes);
}

std::string format_duration(Millis duration) {
  int64_t ms = duration.count();
  if (ms == 0) return "0s";
  std::string out;
  for (auto it = kDurationUnits.rbegin(); it != kDurationUnits.rend(); ++it) {
    if (ms >= it->scale) {
      out += std::to_string(ms / it->scale) + std::string(it->suffix);
      ms %= it->scale;
    }
  }
  return out;
}

std::string format_cpus(int64_t nano_cpus) {
  constexpr int64_t kNano = 1000 * 1000 * 1000;
  std::string out = std::to_string(nano_cpus / kNano);
  int64_t fraction = nano_cpus % kNano;
  if (fraction == 0) return out;
  std::string digits = std::to_string(fraction + kNano).substr(1);  // zero-padded to 9 digits
  while (digits.back() == '0') digits.pop_back();
  return out + "." + digits;
}

}  // namespace berth::specs
