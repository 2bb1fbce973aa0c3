#include "specs/import/jsonc.h"

namespace berth::specs::import {
namespace {

// Calls `on_code(i)` for every byte outside strings; skips strings, escapes included.
template <typename OnCode>
void for_each_code_byte(const std::string& text, OnCode on_code) {
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    i = on_code(i);
  }
}

void blank(std::string& text, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    if (text[i] != '\n' && text[i] != '\r') text[i] = ' ';
  }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string line_and_column(std::string_view text, size_t offset) {
  int line = 1;
  int column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

Result<std::string> strip_jsonc(std::string_view source) {
  std::string text(source);
  size_t unterminated = std::string::npos;
  for_each_code_byte(text, [&](size_t i) {
    if (text[i] != '/' || i + 1 >= text.size()) return i;
    if (text[i + 1] == '/') {
      size_t end = text.find('\n', i);
      if (end == std::string::npos) end = text.size();
      blank(text, i, end);
      return end - 1;
    }
    if (text[i + 1] != '*') return i;
    size_t end = text.find("*/", i + 2);
    if (end == std::string::npos) {
      unterminated = i;
      blank(text, i, text.size());
      return text.size();
    }
    blank(text, i, end + 2);
    return end + 1;
  });
  if (unterminated != std::string::npos) {
    return Error{line_and_column(source, unterminated) + ": a /* comment is never closed"};
  }
  for_each_code_byte(text, [&](size_t i) {
    if (text[i] != ',') return i;
    size_t next = i + 1;
    while (next < text.size() && is_space(text[next])) ++next;
    if (next < text.size() && (text[next] == '}' || text[next] == ']')) text[i] = ' ';
    return i;
  });
  return text;
}

}  // namespace berth::specs::import
