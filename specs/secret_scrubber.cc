#include "specs/secret_scrubber.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace berth::specs {
namespace {

constexpr size_t kMinPiece = 4;

bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trimmed(std::string_view value) {
  while (!value.empty() && is_space(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_space(value.back())) value.remove_suffix(1);
  return value;
}

struct Form {
  std::string text;
  const std::string* name;
};

// What of `value` may show up in a message: the whole, the trimmed whole, the printable pieces.
void add_forms(std::string_view value, const std::string& name, std::vector<Form>& forms) {
  forms.push_back(Form{std::string(value), &name});
  forms.push_back(Form{std::string(trimmed(value)), &name});
  size_t start = 0;
  for (size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size() && !is_control(value[i])) continue;
    std::string_view piece = trimmed(value.substr(start, i - start));
    if (piece.size() >= kMinPiece) forms.push_back(Form{std::string(piece), &name});
    start = i + 1;
  }
}

}  // namespace

std::string scrub_secrets(std::string text, const std::map<std::string, std::string>& secrets) {
  std::vector<Form> forms;
  for (const auto& [name, value] : secrets) add_forms(value, name, forms);
  std::erase_if(forms, [](const Form& form) { return form.text.empty(); });
  if (forms.empty()) return text;
  // Longest first, so that a secret inside another never breaks the longer one up; one pass, so
  // that a replacement is never searched again.
  std::stable_sort(forms.begin(), forms.end(),
                   [](const Form& a, const Form& b) { return a.text.size() > b.text.size(); });
  std::string out;
  for (size_t at = 0; at < text.size();) {
    auto match = std::find_if(forms.begin(), forms.end(), [&](const Form& form) {
      return std::string_view(text).substr(at).starts_with(form.text);
    });
    if (match == forms.end()) {
      out += text[at++];
      continue;
    }
    out += "<secret " + *match->name + ">";
    at += match->text.size();
  }
  return out;
}

}  // namespace berth::specs
