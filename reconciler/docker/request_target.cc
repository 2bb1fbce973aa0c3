#include "reconciler/docker/request_target.h"

namespace berth::reconciler::docker {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_unreserved(char c) { return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

}  // namespace

std::string escape_query_value(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (is_unreserved(c)) {
      out.push_back(c);
      continue;
    }
    auto byte = static_cast<unsigned char>(c);
    out.push_back('%');
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xF]);
  }
  return out;
}

bool is_valid_object_name(std::string_view name) {
  if (name.empty() || !is_alnum(name.front())) return false;
  for (char c : name) {
    if (!is_alnum(c) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

bool is_valid_image_reference(std::string_view image) {
  if (image.empty() || !is_alnum(image.front())) return false;
  if (image.find("..") != std::string_view::npos) return false;
  for (char c : image) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '/' && c != ':' && c != '@' && c != '-') {
      return false;
    }
  }
  return true;
}

ImagePullTarget split_image_reference(std::string_view image) {
  if (image.find('@') != std::string_view::npos) return {std::string(image), ""};
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  // A colon before the last slash belongs to a registry port ("host:5000/app").
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    return {std::string(image.substr(0, colon)), std::string(image.substr(colon + 1))};
  }
  return {std::string(image), "latest"};
}

}  // namespace berth::reconciler::docker
