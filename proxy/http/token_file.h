#pragma once
// read_token_file: the bearer token for HttpServerOptions::bearer_token, read from the file given
// by `berth run --token-file`.
//
// The file holds one token. Trailing whitespace (the newline `echo` and editors add) is trimmed;
// what is left must be non-empty printable ASCII without spaces (what a client can send after
// `Authorization: Bearer `), at most kMaxTokenFileBytes. A file that cannot be opened or read is
// an error naming the path and the system's reason.
//
// Permissions: a regular file readable by group or others (mode & 077) is accepted with a
// warning logged (`event=token-file-permissions`, with path and mode, never the token) rather
// than refused: secrets mounted by Docker and Kubernetes are 0444/0644 by default, and refusing
// would only push users to copy the token somewhere worse.
//
// Stateless; safe to call from any thread.

#include <cstddef>
#include <string>

#include "base/result.h"

namespace berth::proxy::http {

inline constexpr std::size_t kMaxTokenFileBytes = 4096;

[[nodiscard]] Result<std::string> read_token_file(const std::string& path);

}  // namespace berth::proxy::http
