#pragma once
// SessionIdGenerator: fresh Mcp-Session-Id values.
//
// An id is 128 bits from OpenSSL's CSPRNG (RAND_bytes) as 32 lowercase hex characters: visible
// ASCII as MCP requires, and unguessable, since the id is all a client shows to resume its
// session. Stateless; thread-safe (RAND_bytes is, in OpenSSL 1.1 and later).

#include <string>

#include "base/result.h"

namespace berth::proxy::sessions {

class SessionIdGenerator {
 public:
  static constexpr size_t kBytes = 16;

  // A new id; fails only if the CSPRNG cannot be seeded.
  [[nodiscard]] Result<std::string> generate() const;
};

}  // namespace berth::proxy::sessions
