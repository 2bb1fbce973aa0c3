#include "tools/test_server/streamable_http_transport.h"

#include "tools/test_server/session_id.h"

namespace berth::test_server {

namespace http = boost::beast::http;

HttpResponse StreamableHttpTransport::route(const HttpRequest& request) const {
  if (target_path(request) != path_)
    return make_response(request, http::status::not_found, "not found\n");
  switch (request.method()) {
    case http::verb::post:
      return handle_post(request);
    case http::verb::delete_:
      return make_response(request, http::status::ok);
    default: {
      HttpResponse response = make_response(request, http::status::method_not_allowed);
      response.set(http::field::allow, "POST, DELETE");
      return response;
    }
  }
}

HttpResponse StreamableHttpTransport::handle_post(const HttpRequest& request) const {
  Dispatch dispatched = handler_.dispatch(request.body());
  switch (dispatched.kind) {
    case MessageKind::kNotification:
    case MessageKind::kResponse:
      return make_response(request, http::status::accepted);
    case MessageKind::kInvalid:
      return make_response(request, http::status::bad_request, std::move(dispatched.reply),
                           "application/json");
    case MessageKind::kRequest:
      break;
  }
  // A slow call holds only this connection's thread; other connections carry on.
  std::string reply = dispatched.slow_job ? dispatched.slow_job() : std::move(dispatched.reply);
  HttpResponse response =
      make_response(request, http::status::ok, std::move(reply), "application/json");
  if (dispatched.method == "initialize") response.set("Mcp-Session-Id", new_session_id());
  return response;
}

}  // namespace berth::test_server
