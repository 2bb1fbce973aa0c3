#pragma once
// base64url (RFC 4648 §5) without padding, as JOSE writes it (RFC 7515 §2). Pure functions.

#include <optional>
#include <string>
#include <string_view>

namespace berth::proxy::oauth {

// nullopt on padding, on any character outside the alphabet, on a length no encoding has
// (4n+1), and on non-zero unused bits (each value has one encoding).
[[nodiscard]] std::optional<std::string> base64url_decode(std::string_view text);

[[nodiscard]] std::string base64url_encode(std::string_view bytes);

}  // namespace berth::proxy::oauth
