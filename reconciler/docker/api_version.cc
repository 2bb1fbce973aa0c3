#include "reconciler/docker/api_version.h"

#include <charconv>
#include <optional>
#include <utility>

namespace berth::reconciler::docker {
namespace {

using Version = std::pair<int, int>;

std::optional<int> parse_number(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return {};
  return value;
}

std::optional<Version> parse_version(std::string_view text) {
  size_t dot = text.find('.');
  if (dot == std::string_view::npos) return {};
  auto major = parse_number(text.substr(0, dot));
  auto minor = parse_number(text.substr(dot + 1));
  if (!major || !minor) return {};
  return Version{*major, *minor};
}

}  // namespace

Result<std::string> choose_api_version(std::string_view engine_version) {
  auto engine = parse_version(engine_version);
  if (!engine) {
    return Error{"the Docker engine did not report a usable API version (API-Version: \"" +
                     std::string(engine_version.substr(0, 40)) + "\")",
                 0};
  }
  if (*engine < *parse_version(kMinApiVersion)) {
    return Error{"the Docker engine speaks API " + std::string(engine_version) + "; berth needs " +
                     std::string(kMinApiVersion) + " or newer (Docker 19.03+)",
                 0};
  }
  if (*engine > *parse_version(kMaxApiVersion)) return std::string(kMaxApiVersion);
  return std::to_string(engine->first) + "." + std::to_string(engine->second);
}

}  // namespace berth::reconciler::docker
