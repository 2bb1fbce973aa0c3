#include "proxy/mcp/modern_era.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::mcp {
namespace {

constexpr std::string_view kSentinelStart = "=?base64?";
constexpr std::string_view kSentinelEnd = "?=";

std::string_view trim_ows(std::string_view text) {
  const auto ows = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && ows(text.front())) text.remove_prefix(1);
  while (!text.empty() && ows(text.back())) text.remove_suffix(1);
  return text;
}

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

Result<std::string> decode_base64(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    const int digit = base64_digit(c);
    if (digit < 0) return Error{"the Base64 value holds a character outside its alphabet"};
    bits = (bits << 6) | static_cast<uint32_t>(digit);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
  if (count >= 6) return Error{"the Base64 value has a dangling character"};
  return out;
}

bool plain_header_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u <= 0x7e);
}

}  // namespace

std::string_view to_string(ServerEra era) {
  switch (era) {
    case ServerEra::kLegacy:
      return "legacy";
    case ServerEra::kModern:
      return "modern";
    case ServerEra::kUnknown:
      break;
  }
  return "unknown";
}

bool is_modern_error_code(int code) {
  return code == kHeaderMismatch || code == kMissingRequiredClientCapability ||
         code == kUnsupportedProtocolVersion;
}

bool is_modern_version(std::string_view version) {
  return std::find(kModernVersions.begin(), kModernVersions.end(), version) !=
         kModernVersions.end();
}

const rapidjson::Value* request_meta(const rapidjson::Value& message) {
  const rapidjson::Value* params = member(message, "params");
  const rapidjson::Value* meta = params ? member(*params, "_meta") : nullptr;
  return meta != nullptr && meta->IsObject() ? meta : nullptr;
}

rapidjson::Value* request_meta(rapidjson::Value& message) {
  return const_cast<rapidjson::Value*>(request_meta(std::as_const(message)));
}

std::optional<std::string_view> meta_string(const rapidjson::Value& message, std::string_view key) {
  const rapidjson::Value* meta = request_meta(message);
  return meta ? string_member(*meta, key) : std::nullopt;
}

bool method_has_name(std::string_view method) {
  return method == "tools/call" || method == "prompts/get" || method == "resources/read";
}

std::optional<std::string_view> name_of(const rapidjson::Value& message, std::string_view method) {
  if (!method_has_name(method)) return std::nullopt;
  const rapidjson::Value* params = member(message, "params");
  if (params == nullptr) return std::nullopt;
  return string_member(*params, method == "resources/read" ? "uri" : "name");
}

Result<std::string> decode_header_value(std::string_view value) {
  value = trim_ows(value);
  if (!std::all_of(value.begin(), value.end(), plain_header_char)) {
    return Error{"the value holds a character a header may not carry (encode it as Base64)"};
  }
  if (value.size() < kSentinelStart.size() + kSentinelEnd.size() ||
      !value.starts_with(kSentinelStart) || !value.ends_with(kSentinelEnd)) {
    return std::string(value);
  }
  value.remove_prefix(kSentinelStart.size());
  value.remove_suffix(kSentinelEnd.size());
  return decode_base64(value);
}

}  // namespace berth::proxy::mcp
