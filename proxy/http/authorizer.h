#pragma once
// Authorizer: a way in beside the operator's static bearer token (BearerAuth), declared here so
// that the HTTP server does not depend on what implements it (the OAuth resource server,
// proxy/oauth/). RequestGuard hands a request to it when the path is not open and the request
// does not carry the static token; the request is routed only if the authorizer lets it pass.
//
// A decision may take time (a key set to fetch): authorize() answers through `done`, at once or
// later, from any thread, exactly once; the connection waits meanwhile. `request` is valid only
// during the call: copy what a later decision needs.
//
// Thread safety: authorize() is called on the proxy's io thread (a connection's strand).

#include <functional>
#include <optional>
#include <string_view>

#include "proxy/http/http_types.h"
#include "proxy/http/rejection.h"

namespace berth::proxy::http {

class Authorizer {
 public:
  // nullopt: the request may proceed; else the answer to give.
  using Done = std::function<void(std::optional<Rejection>)>;

  virtual ~Authorizer() = default;
  // path: the target's path without the query string.
  virtual void authorize(const Request& request, std::string_view path, Done done) = 0;
};

}  // namespace berth::proxy::http
