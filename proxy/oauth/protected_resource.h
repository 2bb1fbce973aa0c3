#pragma once
// What berth protects as an OAuth resource server, as pure functions of a request path: each
// route is a protected resource (RFC 9728) whose canonical URL is the public base URL plus the
// route's path, and whose metadata lives at the base URL plus
// `/.well-known/oauth-protected-resource` plus that path.
//
//   /mcp/{name}, /mcp/{name}/…         → resource /mcp/{name}      (server {name})
//   /sse/{name}, /sse/{name}/messages  → resource /sse/{name}      (server {name})
//   /mcp                               → resource /mcp             (the aggregate)
//   /groups/{g}/mcp                    → resource /groups/{g}/mcp
//   anything else (/status, /logs/…, /metrics)  → the base URL itself (the admin endpoints)
// No state; safe on any thread.

#include <string>
#include <string_view>
#include <vector>

namespace berth::proxy::oauth {

inline constexpr std::string_view kMetadataPrefix = "/.well-known/oauth-protected-resource";

struct ProtectedResource {
  std::string path;    // "/mcp/alpha"; "" for the base URL (admin endpoints)
  std::string server;  // "alpha" for a server's routes; "" otherwise
};

[[nodiscard]] ProtectedResource protected_resource(std::string_view request_path);

// `public_url` (no trailing slash) + the resource's path.
[[nodiscard]] std::string resource_url(std::string_view public_url, const ProtectedResource& r);
[[nodiscard]] std::string metadata_url(std::string_view public_url, const ProtectedResource& r);

// The RFC 9728 document: resource, authorization_servers [issuer], bearer_methods_supported
// [header], and scopes_supported when scopes are required.
[[nodiscard]] std::string metadata_json(std::string_view public_url, std::string_view issuer,
                                        const ProtectedResource& resource,
                                        const std::vector<std::string>& scopes);

}  // namespace berth::proxy::oauth
