#pragma once
// The private key that SpecHasher folds secret contents under.
//
// The key must outlive berth restarts (or every restart would see new hashes and replace every
// container with secrets), so it lives in a file, created on first use with 32 random bytes,
// mode 0600, written to a temporary file and hard-linked into place, so a crash never leaves half
// a key and a key another process created meanwhile is never replaced. An existing key is never
// rewritten; one shorter than 32 bytes is an error.

#include <filesystem>
#include <string>

#include "base/result.h"

namespace berth::specs {

// Where berth keeps the key: this file name inside the secrets directory.
inline constexpr char kHashKeyFileName[] = ".berth-hash-key";

Result<std::string> load_or_create_hash_key(const std::filesystem::path& file);

}  // namespace berth::specs
