#include "proxy/http/responses.h"

#include "proxy/http/json_writer.h"

namespace berth::proxy::http {

Response make_json_response(HttpStatus status, std::string body) {
  Response response = make_text_response(status, std::move(body), kJsonType);
  response.set(beast_http::field::cache_control, "no-store");
  return response;
}

Response make_error_response(HttpStatus status, std::string_view message) {
  return make_json_response(status, json_error(message));
}

Response make_rejection_response(const Rejection& rejection) {
  Response response = make_error_response(rejection.status, rejection.message);
  if (!rejection.www_authenticate.empty()) {
    response.set(beast_http::field::www_authenticate, rejection.www_authenticate);
  }
  return response;
}

Response make_text_response(HttpStatus status, std::string body, std::string_view content_type) {
  Response response(status, 11);
  response.set(beast_http::field::content_type, to_beast(content_type));
  response.set("X-Content-Type-Options", "nosniff");
  response.body() = std::move(body);
  return response;
}

StreamHead make_stream_head(HttpStatus status, std::string_view content_type) {
  StreamHead head(status, 11);
  head.set(beast_http::field::content_type, to_beast(content_type));
  head.set(beast_http::field::cache_control, "no-store");
  head.set("X-Content-Type-Options", "nosniff");
  // Tells buffering reverse proxies in front of berth to pass chunks through as they come.
  head.set("X-Accel-Buffering", "no");
  return head;
}

}  // namespace berth::proxy::http
