#include "proxy/http/router.h"

#include "base/check.h"

namespace berth::proxy::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.starts_with('/')) path.remove_prefix(1);
  for (;;) {
    std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return segments;
    path.remove_prefix(slash + 1);
  }
}

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

const Handler* find_handler(const std::vector<std::pair<Verb, Handler>>& handlers, Verb method) {
  for (const auto& [verb, handler] : handlers) {
    if (verb == method) return &handler;
  }
  return nullptr;
}

}  // namespace

void Router::add(Verb method, std::string_view pattern, Handler handler) {
  BERTH_CHECK(pattern.starts_with('/')) << "route pattern " << pattern;
  std::vector<std::string> segments;
  for (std::string_view segment : split_path(pattern)) segments.emplace_back(segment);
  for (Route& route : routes_) {
    if (route.segments == segments) {
      BERTH_CHECK(find_handler(route.handlers, method) == nullptr)
          << "route " << pattern << " added twice";
      route.handlers.emplace_back(method, std::move(handler));
      return;
    }
  }
  routes_.push_back(Route{std::move(segments), {}});
  routes_.back().handlers.emplace_back(method, std::move(handler));
}

Router::Match Router::match(Verb method, std::string_view path) const {
  Match result;
  for (const Route& route : routes_) {
    RouteParams params;
    if (!match_segments(route, path, params)) continue;
    const Handler* handler = find_handler(route.handlers, method);
    if (handler == nullptr && method == Verb::head) {
      handler = find_handler(route.handlers, Verb::get);
    }
    if (handler != nullptr) {
      return Match{Outcome::kFound, handler, std::move(params), {}};
    }
    if (result.outcome == Outcome::kNotFound) {
      result.outcome = Outcome::kMethodNotAllowed;
      result.allow = allow_list(route);
    }
  }
  return result;
}

bool Router::match_segments(const Route& route, std::string_view path, RouteParams& params) {
  std::vector<std::string_view> segments = split_path(path);
  if (segments.size() != route.segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& expected = route.segments[i];
    if (is_parameter(expected)) {
      if (segments[i].empty()) return false;
      params.emplace_back(expected.substr(1, expected.size() - 2), segments[i]);
    } else if (segments[i] != expected) {
      return false;
    }
  }
  return true;
}

std::string Router::allow_list(const Route& route) {
  std::string allow;
  bool has_get = false;
  bool has_head = false;
  for (const auto& [verb, handler] : route.handlers) {
    if (!allow.empty()) allow += ", ";
    allow += to_std(beast_http::to_string(verb));
    has_get = has_get || verb == Verb::get;
    has_head = has_head || verb == Verb::head;
  }
  if (has_get && !has_head) allow += ", HEAD";
  return allow;
}

std::string_view target_path(std::string_view target) {
  return target.substr(0, target.find_first_of("?#"));
}

std::optional<std::string> query_parameter(std::string_view target, std::string_view name) {
  std::size_t question = target.find('?');
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(question + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return std::string(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

}  // namespace berth::proxy::http
