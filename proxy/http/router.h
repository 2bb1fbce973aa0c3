#pragma once
// Router: maps a method and a request path to a handler.
//
// A pattern is a path whose segments are literal ("/status") or a parameter in braces
// ("/status/{name}", "/sse/{name}/messages") that matches exactly one non-empty segment; no
// %-decoding is done (server names are plain DNS labels). Patterns are tried in the order they
// were added, so add literal patterns before parameter patterns that overlap them. HEAD is
// allowed wherever GET is, served by the GET handler (the session drops the body).
// An unknown path is kNotFound (404); a known path with another method is kMethodNotAllowed
// (405) with the `Allow` list.
//
// Thread safety: add() while building, before the server starts; afterwards the router is
// shared immutable (`shared_ptr<const Router>`) and match() may run on any thread.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "proxy/http/http_types.h"

namespace berth::proxy::http {

class Exchange;

// Runs on the session's executor with the request; answers through the exchange, at once or
// later from any thread. Must not throw.
using Handler = std::function<void(std::shared_ptr<Exchange>)>;

// The values of a pattern's {parameters}, in pattern order.
using RouteParams = std::vector<std::pair<std::string, std::string>>;

class Router {
 public:
  enum class Outcome { kFound, kNotFound, kMethodNotAllowed };

  struct Match {
    Outcome outcome = Outcome::kNotFound;
    const Handler* handler = nullptr;  // kFound: points into the router
    RouteParams params;                // kFound
    std::string allow;                 // kMethodNotAllowed: "GET, HEAD"
  };

  // REQUIRES: pattern starts with '/'; (method, pattern) not added before.
  void add(Verb method, std::string_view pattern, Handler handler);

  // path: the request target without its query string.
  [[nodiscard]] Match match(Verb method, std::string_view path) const;

 private:
  struct Route {
    std::vector<std::string> segments;  // "{name}" for a parameter
    std::vector<std::pair<Verb, Handler>> handlers;
  };

  [[nodiscard]] static bool match_segments(const Route& route, std::string_view path,
                                           RouteParams& params);
  [[nodiscard]] static std::string allow_list(const Route& route);

  std::vector<Route> routes_;
};

// The request target's path, without the query string.
[[nodiscard]] std::string_view target_path(std::string_view target);

// The raw (not %-decoded) value of `name` in the target's query string, or nullopt.
[[nodiscard]] std::optional<std::string> query_parameter(std::string_view target,
                                                         std::string_view name);

}  // namespace berth::proxy::http
