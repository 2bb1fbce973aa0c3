#include "proxy/sessions/session_id.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <array>

namespace berth::proxy::sessions {

Result<std::string> SessionIdGenerator::generate() const {
  std::array<unsigned char, kBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    std::array<char, 256> reason{};
    ERR_error_string_n(ERR_get_error(), reason.data(), reason.size());
    return Error{std::string("cannot generate a session id: RAND_bytes failed: ") + reason.data()};
  }
  constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(2 * bytes.size());
  for (const unsigned char byte : bytes) {
    id.push_back(kHex[byte >> 4]);
    id.push_back(kHex[byte & 0x0f]);
  }
  return id;
}

}  // namespace berth::proxy::sessions
