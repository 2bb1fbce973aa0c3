#include "specs/import/import_names.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace berth::specs::import {
namespace {

constexpr size_t kMaxServerName = 63;

constexpr std::array<std::string_view, 17> kSecretWords = {
    "TOKEN",    "TOKENS", "KEY",  "KEYS",   "SECRET",     "SECRETS",
    "PASSWORD", "PASSWD", "PASS", "PW",     "CREDENTIAL", "CREDENTIALS",
    "CREDS",    "AUTH",   "PAT",  "COOKIE", "PRIVATE"};
constexpr std::array<std::string_view, 5> kSecretEndings = {"TOKEN", "KEY", "SECRET", "PASSWORD",
                                                            "PASSWD"};

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool is_secret_word(std::string_view word) {
  if (std::find(kSecretWords.begin(), kSecretWords.end(), word) != kSecretWords.end()) return true;
  return std::any_of(kSecretEndings.begin(), kSecretEndings.end(), [&](std::string_view end) {
    return word.size() > end.size() && word.substr(word.size() - end.size()) == end;
  });
}

// Lowercase alphanumerics, every other run of characters one '-', no '-' at either end.
std::string dashed(std::string_view text, size_t max_size) {
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 && byte < 0x80) {
      out += static_cast<char>(std::tolower(byte));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  if (out.size() > max_size) out.resize(max_size);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

std::string server_name_from(std::string_view text) {
  std::string name = dashed(text, kMaxServerName);
  return name.empty() ? "server" : name;
}

std::string server_name_from_image(std::string_view image) {
  std::string_view ref = image.substr(0, image.find('@'));
  size_t slash = ref.rfind('/');
  std::string_view last = slash == std::string_view::npos ? ref : ref.substr(slash + 1);
  return server_name_from(last.substr(0, last.find(':')));
}

std::string secret_file_name(std::string_view env_name) {
  std::string name = dashed(env_name, 255);
  return name.empty() ? "secret" : name;
}

bool url_with_password(std::string_view value) {
  size_t scheme = value.find("://");
  if (scheme == std::string_view::npos) return false;
  std::string_view rest = value.substr(scheme + 3);
  size_t at = rest.find('@');
  size_t slash = rest.find('/');
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) return false;
  size_t colon = rest.substr(0, at).find(':');
  return colon != std::string_view::npos && colon + 1 < at;
}

std::string without_password(std::string_view url) {
  if (!url_with_password(url)) return std::string(url);
  size_t start = url.find("://") + 3;
  size_t at = url.find('@', start);
  size_t colon = url.find(':', start);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

bool looks_secret(std::string_view env_name, std::string_view value) {
  std::string name = upper(env_name);
  if (name == "PWD" || name == "OLDPWD") return false;  // the shell's working directories
  if (url_with_password(value)) return true;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('_', start);
    if (end == std::string::npos) end = name.size();
    if (is_secret_word(std::string_view(name).substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace berth::specs::import
