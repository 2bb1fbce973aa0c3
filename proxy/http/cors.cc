#include "proxy/http/cors.h"

namespace berth::proxy::http {

bool is_preflight(const Request& request) {
  return request.method() == Verb::options &&
         request.find(beast_http::field::origin) != request.end() &&
         request.find(beast_http::field::access_control_request_method) != request.end();
}

Response make_preflight_response() {
  Response response(HttpStatus::no_content, 11);
  response.set(beast_http::field::access_control_allow_methods, to_beast(kCorsAllowMethods));
  response.set(beast_http::field::access_control_allow_headers, to_beast(kCorsAllowHeaders));
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
