#include "proxy/mcp/upstream_tag.h"

#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <random>

namespace berth::proxy::mcp {
namespace {

constexpr size_t kLoggedIdChars = 64;

std::array<unsigned char, kUpstreamTagBytes> fallback_bytes() {
  std::random_device device;
  const auto now =
      static_cast<uint64_t>(std::chrono::high_resolution_clock::now().time_since_epoch().count());
  const uint64_t mixed = ((uint64_t{device()} << 32) | device()) ^ now;
  std::array<unsigned char, kUpstreamTagBytes> bytes{};
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(mixed >> (8 * i));
  return bytes;
}

}  // namespace

std::string new_upstream_tag() {
  std::array<unsigned char, kUpstreamTagBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) bytes = fallback_bytes();
  constexpr char kHex[] = "0123456789abcdef";
  std::string tag;
  tag.reserve(2 * bytes.size());
  for (const unsigned char byte : bytes) {
    tag.push_back(kHex[byte >> 4]);
    tag.push_back(kHex[byte & 0x0f]);
  }
  return tag;
}

std::string loggable_id(std::string_view raw_id) {
  if (raw_id.size() <= kLoggedIdChars) return std::string(raw_id);
  return std::string(raw_id.substr(0, kLoggedIdChars)) + "…";
}

}  // namespace berth::proxy::mcp
