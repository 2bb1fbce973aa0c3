#include "specs/import/yaml_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

namespace berth::specs::import {
namespace {

constexpr size_t kCommentWidth = 100;

// Words YAML 1.1 or 1.2 may read as booleans or null.
constexpr std::array<std::string_view, 11> kSpecialWords = {
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "nan"};

bool plain_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '/' ||
         c == '+' || c == '-' || c == '@';
}

bool is_special_word(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!lower.empty() && lower.front() == '.') lower.erase(0, 1);  // .inf, .nan
  return std::find(kSpecialWords.begin(), kSpecialWords.end(), lower) != kSpecialWords.end() ||
         lower == "inf";
}

bool can_be_plain(std::string_view text) {
  if (text.empty() || is_special_word(text)) return false;
  char first = text.front();
  bool letter_first = std::isalpha(static_cast<unsigned char>(first)) != 0;
  bool dash_first = first == '-' && text.size() > 1;  // `-y`, `--verbose`; never `-` alone
  if (!(letter_first || dash_first || std::isdigit(static_cast<unsigned char>(first)) != 0 ||
        first == '_' || first == '/')) {
    return false;
  }
  // ':' (never followed by a space here) only after a letter start: `1000:1000` is a number in
  // YAML 1.1 (base 60), `mcp/everything:latest` is text everywhere.
  return std::all_of(text.begin(), text.end(),
                     [&](char c) { return plain_char(c) || (c == ':' && letter_first); }) &&
         text.back() != ':';
}

void append_escaped(std::string& out, char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\r':
      out += "\\r";
      return;
    default:
      break;
  }
  auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte == 0x7f) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02x", byte);
    out += hex;
  } else {
    out += c;
  }
}

}  // namespace

std::string yaml_scalar(std::string_view text) {
  if (can_be_plain(text)) return std::string(text);
  std::string out = "\"";
  for (char c : text) append_escaped(out, c);
  return out + "\"";
}

std::string yaml_flow_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + yaml_scalar(items[i]);
  return out + "]";
}

std::string yaml_comment(std::string_view text, int indent) {
  std::string prefix = std::string(static_cast<size_t>(indent), ' ') + "# ";
  size_t width = kCommentWidth > prefix.size() + 20 ? kCommentWidth - prefix.size() : 20;
  std::string out;
  while (!text.empty()) {
    size_t cut = text.size();
    if (cut > width) {
      size_t space = text.rfind(' ', width);
      cut = space == std::string_view::npos || space == 0 ? width : space;
    }
    std::string_view line = text.substr(0, cut);
    out += prefix;
    for (char c : line) out += (c == '\n' || c == '\r') ? ' ' : c;
    out += "\n";
    text.remove_prefix(cut);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  }
  return out;
}

}  // namespace berth::specs::import
