#include "specs/names.h"

#include <cctype>
#include <cstdint>

namespace berth::specs {
namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// A path component: lowercase alphanumerics joined by '.', '_', '__' or runs of '-'.
bool is_path_component(std::string_view part) {
  if (part.empty() || !lower_alnum(part.front()) || !lower_alnum(part.back())) return false;
  for (size_t i = 0; i < part.size(); ++i) {
    char c = part[i];
    if (lower_alnum(c) || c == '-') continue;
    if (c != '.' && c != '_') return false;
    bool double_underscore = c == '_' && part[i + 1] == '_';
    if (double_underscore) ++i;
    if (!lower_alnum(part[i + 1])) return false;
  }
  return true;
}

bool is_registry_host(std::string_view host) {
  if (host.empty()) return false;
  for (char c : host) {
    if (!alnum(c) && c != '.' && c != '-' && c != ':' && c != '[' && c != ']') return false;
  }
  return true;
}

bool is_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 128 || !(alnum(tag[0]) || tag[0] == '_')) return false;
  for (char c : tag) {
    if (!alnum(c) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

bool is_digest(std::string_view digest) {
  constexpr std::string_view kPrefix = "sha256:";
  if (digest.substr(0, kPrefix.size()) != kPrefix || digest.size() != kPrefix.size() + 64) {
    return false;
  }
  for (char c : digest.substr(kPrefix.size())) {
    if (!hex(c)) return false;
  }
  return true;
}

bool is_user_id(std::string_view part) {
  if (part.empty() || part.size() > 10) return false;
  int64_t value = 0;
  for (char c : part) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value <= 2147483647;
}

bool is_user_name(std::string_view part) {
  if (part.empty() || part.size() > 32) return false;
  if (!(std::isalpha(static_cast<unsigned char>(part[0])) || part[0] == '_')) return false;
  for (char c : part) {
    if (!alnum(c) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

bool is_user_part(std::string_view part) { return is_user_id(part) || is_user_name(part); }

}  // namespace

bool is_container_user(std::string_view user) {
  size_t colon = user.find(':');
  if (colon == std::string_view::npos) return is_user_part(user);
  return is_user_part(user.substr(0, colon)) && is_user_part(user.substr(colon + 1));
}

bool is_server_name(std::string_view name) {
  if (name.empty() || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  for (char c : name) {
    if (!lower_alnum(c) && c != '-') return false;
  }
  return true;
}

bool is_env_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!alnum(c) && c != '_') return false;
  }
  return true;
}

bool is_secret_name(std::string_view name) {
  return name.size() <= 255 && is_docker_object_name(name);
}

bool is_docker_object_name(std::string_view name) {
  if (name.empty() || !alnum(name[0])) return false;
  for (char c : name) {
    if (!alnum(c) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

bool is_image_reference(std::string_view ref) {
  if (size_t at = ref.find('@'); at != std::string_view::npos) {
    if (!is_digest(ref.substr(at + 1))) return false;
    ref = ref.substr(0, at);
  }
  size_t last_slash = ref.rfind('/');
  size_t colon = ref.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    if (!is_tag(ref.substr(colon + 1))) return false;
    ref = ref.substr(0, colon);
  }
  size_t first_slash = ref.find('/');
  if (first_slash != std::string_view::npos) {
    std::string_view first = ref.substr(0, first_slash);
    bool is_host = first.find_first_of(".:") != std::string_view::npos || first == "localhost";
    if (is_host || first.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos) {
      if (!is_registry_host(first)) return false;
      ref = ref.substr(first_slash + 1);
    }
  }
  while (true) {
    size_t slash = ref.find('/');
    if (!is_path_component(ref.substr(0, slash))) return false;
    if (slash == std::string_view::npos) return true;
    ref = ref.substr(slash + 1);
  }
}

}  // namespace berth::specs
