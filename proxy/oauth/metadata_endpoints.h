#pragma once
// The OAuth protected-resource metadata (RFC 9728), open to anyone (it holds nothing secret):
//   GET /.well-known/oauth-protected-resource              the base URL (admin endpoints)
//   GET /.well-known/oauth-protected-resource/mcp          the aggregate
//   GET /.well-known/oauth-protected-resource/mcp/{name}   a server (404 when unknown)
//   GET /.well-known/oauth-protected-resource/sse/{name}   a server's legacy route
//   GET /.well-known/oauth-protected-resource/groups/{g}/mcp
// Added only with --oauth-issuer: without it every /.well-known/ path answers 404.
// Handlers run on the io thread, where `scopes` is called.

#include "proxy/http/router.h"
#include "proxy/oauth/oauth_authorizer.h"

namespace berth::proxy::oauth {

void add_metadata_endpoints(http::Router& router, const ResourceServerOptions& options,
                            ScopeLookup scopes);

}  // namespace berth::proxy::oauth
