#include "proxy/oauth/oauth_authorizer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>

#include "proxy/http/bearer_auth.h"

namespace berth::proxy::oauth {
namespace {

std::string without_trailing_slash(std::string_view url) {
  while (url.ends_with('/')) url.remove_suffix(1);
  return std::string(url);
}

std::string joined(const std::vector<std::string>& scopes) {
  std::string out;
  for (const std::string& scope : scopes) out += (out.empty() ? "" : " ") + scope;
  return out;
}

}  // namespace

OAuthAuthorizer::OAuthAuthorizer(boost::asio::any_io_executor io, ResourceServerOptions options,
                                 KeySource& keys, ScopeLookup scopes, const Clock& clock)
    : io_(std::move(io)),
      options_(std::move(options)),
      keys_(keys),
      scopes_(std::move(scopes)),
      clock_(clock),
      verifier_(VerifierOptions{options_.issuer}) {}

void OAuthAuthorizer::authorize(const http::Request& request, std::string_view path, Done done) {
  std::string route(path);
  auto credential = http::BearerAuth::credential(request);
  if (!credential || credential->empty()) {
    ProtectedResource resource = protected_resource(route);
    return done(http::Rejection{http::HttpStatus::unauthorized,
                                "authentication required: send Authorization: Bearer <token>",
                                challenge(resource, "")});
  }
  std::string token(*credential);
  bool unknown_key = false;
  std::optional<http::Rejection> decision = decide(token, route, unknown_key);
  if (!unknown_key) return done(std::move(decision));
  // The issuer may have rotated its keys: load them again, then decide with what came.
  keys_.refresh([this, io = io_, token = std::move(token), route = std::move(route),
                 done = std::move(done)]() mutable {
    boost::asio::post(
        io, [this, token = std::move(token), route = std::move(route), done = std::move(done)] {
          bool still_unknown = false;
          done(decide(token, route, still_unknown));
        });
  });
}

std::optional<http::Rejection> OAuthAuthorizer::decide(const std::string& token,
                                                       const std::string& path,
                                                       bool& unknown_key) const {
  ProtectedResource resource = protected_resource(path);
  auto verified = verifier_.verify(token, *keys_.keys(), clock_.wall_now());
  if (!verified) {
    unknown_key = verified.error_code() == kUnknownKey;
    return refuse(path, "invalid_token", verified.error());
  }
  if (!audience_fits(*verified, resource)) {
    return refuse(path, "invalid_token",
                  "the token's audience (aud) names neither " +
                      resource_url(options_.public_url, resource) + " nor " + options_.public_url);
  }
  const std::vector<std::string> required = required_scopes(resource);
  for (const std::string& scope : required) {
    if (std::find(verified->scopes.begin(), verified->scopes.end(), scope) ==
        verified->scopes.end()) {
      spdlog::info("event=auth-failed path={} subject={} reason=insufficient-scope missing={}",
                   path, verified->subject, scope);
      return http::Rejection{http::HttpStatus::forbidden,
                             "the token does not grant the scope \"" + scope + "\"",
                             challenge(resource, "insufficient_scope")};
    }
  }
  return std::nullopt;
}

http::Rejection OAuthAuthorizer::refuse(const std::string& path, std::string_view error,
                                        const std::string& reason) const {
  spdlog::info("event=auth-failed path={} reason=\"{}\"", path, reason);
  return http::Rejection{http::HttpStatus::unauthorized, reason,
                         challenge(protected_resource(path), error)};
}

std::string OAuthAuthorizer::challenge(const ProtectedResource& resource,
                                       std::string_view error) const {
  std::string value = "Bearer";
  if (!error.empty()) value += " error=\"" + std::string(error) + "\",";
  const std::vector<std::string> scopes = required_scopes(resource);
  if (!scopes.empty()) value += " scope=\"" + joined(scopes) + "\",";
  return value + " resource_metadata=\"" + metadata_url(options_.public_url, resource) + "\"";
}

std::vector<std::string> OAuthAuthorizer::required_scopes(const ProtectedResource& r) const {
  if (r.server.empty()) return {};
  return scopes_(r.server).value_or(std::vector<std::string>{});
}

bool OAuthAuthorizer::audience_fits(const AccessToken& token, const ProtectedResource& r) const {
  const std::string base = without_trailing_slash(options_.public_url);
  const std::string route = r.path.empty() ? base : resource_url(base, r);
  return std::any_of(token.audiences.begin(), token.audiences.end(), [&](const std::string& aud) {
    const std::string named = without_trailing_slash(aud);
    return named == base || named == route;
  });
}

}  // namespace berth::proxy::oauth
