#include "proxy/oauth/metadata_endpoints.h"

#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"

namespace berth::proxy::oauth {

void add_metadata_endpoints(http::Router& router, const ResourceServerOptions& options,
                            ScopeLookup scopes) {
  auto handler = [options, scopes = std::move(scopes)](std::shared_ptr<http::Exchange> exchange) {
    std::string_view path = exchange->path();
    path.remove_prefix(kMetadataPrefix.size());
    ProtectedResource resource = protected_resource(path);
    std::optional<std::vector<std::string>> required = std::vector<std::string>{};
    if (!resource.server.empty()) required = scopes(resource.server);
    if (!required) {
      return exchange->respond(http::make_error_response(
          http::HttpStatus::not_found, "no server named \"" + resource.server + "\""));
    }
    http::Response response = http::make_json_response(
        http::HttpStatus::ok,
        metadata_json(options.public_url, options.issuer, resource, *required));
    exchange->respond(std::move(response));
  };
  const std::string prefix(kMetadataPrefix);
  for (const char* suffix : {"", "/mcp", "/mcp/{name}", "/sse/{name}", "/groups/{group}/mcp"}) {
    router.add(http::Verb::get, prefix + suffix, handler);
  }
}

}  // namespace berth::proxy::oauth
