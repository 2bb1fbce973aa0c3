#pragma once
// The OAuth flags of `berth run`: --oauth-issuer URL, --oauth-jwks FILE|URL and --public-url
// URL, checked and normalised. A plain value; parse_oauth_options() is a pure function.

#include <optional>
#include <string>

#include "base/result.h"
#include "tools/berth/command_line.h"

namespace berth::cli {

struct OAuthOptions {
  std::string issuer;       // tokens' `iss`; the metadata's authorization server
  std::string jwks;         // a file path or an http(s) URL
  std::string public_url;   // scheme://host[:port], no trailing slash
  std::string public_host;  // its host, for the Host check
};

// nullopt without --oauth-issuer. `listen_host`/`listen_port` make the default public URL.
// Errors: one of issuer and JWKS without the other; an issuer or public URL that is not an
// http(s) URL; a public URL with a path, query or fragment; no public URL with an ephemeral
// listen port (the canonical URLs must be known before berth binds).
[[nodiscard]] Result<std::optional<OAuthOptions>> parse_oauth_options(
    const CommandLine& line, const std::string& listen_host, unsigned listen_port);

}  // namespace berth::cli
