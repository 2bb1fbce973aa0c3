#include "proxy/http/cors.h"

#include <algorithm>
#include <cctype>

namespace berth::proxy::http {
namespace {

constexpr std::string_view kParamPrefix = "mcp-param-";

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// RFC 9110 tchar.
bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

bool is_param_header(std::string_view name) {
  if (name.size() <= kParamPrefix.size() || !is_token(name)) return false;
  return std::equal(kParamPrefix.begin(), kParamPrefix.end(), name.begin(), [](char a, char b) {
    return a == std::tolower(static_cast<unsigned char>(b));
  });
}

}  // namespace

bool is_preflight(const Request& request) {
  return request.method() == Verb::options &&
         request.find(beast_http::field::origin) != request.end() &&
         request.find(beast_http::field::access_control_request_method) != request.end();
}

std::string allowed_request_headers(std::string_view requested) {
  std::string allowed(kCorsAllowHeaders);
  size_t params = 0;
  while (!requested.empty() && params < kCorsMaxParamHeaders) {
    const size_t comma = requested.find(',');
    const std::string_view name = trim(requested.substr(0, comma));
    requested = comma == std::string_view::npos ? "" : requested.substr(comma + 1);
    if (!is_param_header(name)) continue;
    allowed.append(", ").append(name);
    ++params;
  }
  return allowed;
}

Response make_preflight_response(const Request& preflight) {
  Response response(HttpStatus::no_content, 11);
  response.set(beast_http::field::access_control_allow_methods, to_beast(kCorsAllowMethods));
  response.set(beast_http::field::access_control_allow_headers,
               allowed_request_headers(
                   to_std(preflight[beast_http::field::access_control_request_headers])));
  response.set(beast_http::field::access_control_max_age, to_beast(kCorsMaxAge));
  return response;
}

void add_cors_headers(beast_http::fields& head, std::string_view origin) {
  head.set(beast_http::field::access_control_allow_origin, to_beast(origin));
  head.set(beast_http::field::access_control_expose_headers, to_beast(kCorsExposeHeaders));
  auto vary = head.find(beast_http::field::vary);
  if (vary == head.end()) {
    head.set(beast_http::field::vary, "Origin");
  } else if (to_std(vary->value()).find("Origin") == std::string_view::npos) {
    head.set(beast_http::field::vary, std::string(to_std(vary->value())) + ", Origin");
  }
}

}  // namespace berth::proxy::http
