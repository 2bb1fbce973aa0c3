#pragma once
// Rejection: why a request is refused before it reaches a handler (RequestGuard, BearerAuth),
// as the status and message to answer with (make_rejection_response). A plain value.

#include <string>

#include "proxy/http/http_types.h"

namespace berth::proxy::http {

struct Rejection {
  HttpStatus status = HttpStatus::forbidden;
  std::string message;           // for the JSON body; never holds a secret
  std::string www_authenticate;  // 401: the challenge to send; "" otherwise
};

}  // namespace berth::proxy::http
