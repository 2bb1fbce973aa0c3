#include "tools/test_server/sse_transport.h"

#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>

namespace berth::test_server {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

constexpr std::chrono::seconds kKeepAliveInterval{15};
constexpr std::string_view kMessagesPath = "/messages";

// Writes text as one chunk of the stream's body; false once the client is gone.
bool write_chunk(tcp::socket& socket, const std::string& text) {
  boost::system::error_code ec;
  boost::asio::write(socket, http::make_chunk(boost::asio::buffer(text)), ec);
  return !ec;
}

bool write_event(tcp::socket& socket, std::string_view event, std::string_view data) {
  std::string text;
  text.reserve(data.size() + event.size() + 16);
  text.append("event: ").append(event).append("\ndata: ").append(data).append("\n\n");
  return write_chunk(socket, text);
}

bool write_stream_header(const HttpRequest& request, tcp::socket& socket) {
  http::response<http::empty_body> header(http::status::ok, request.version());
  header.set(http::field::server, "berth-test-server");
  header.set(http::field::content_type, "text/event-stream");
  header.set(http::field::cache_control, "no-cache");
  header.chunked(true);
  http::response_serializer<http::empty_body> serializer(header);
  boost::system::error_code ec;
  http::write_header(socket, serializer, ec);
  return !ec;
}

}  // namespace

std::optional<HttpResponse> SseTransport::route(const HttpRequest& request, tcp::socket& socket) {
  std::string_view path = target_path(request);
  if (path != path_ && path != kMessagesPath) {
    return make_response(request, http::status::not_found, "not found\n");
  }
  if (path == path_ && request.method() == http::verb::get) {
    stream(request, socket);
    return std::nullopt;
  }
  if (path == kMessagesPath && request.method() == http::verb::post) return handle_post(request);
  HttpResponse response = make_response(request, http::status::method_not_allowed);
  response.set(http::field::allow, path == path_ ? "GET" : "POST");
  return response;
}

void SseTransport::stream(const HttpRequest& request, tcp::socket& socket) {
  std::shared_ptr<SseSession> session = sessions_.create();
  bool open =
      write_stream_header(request, socket) &&
      write_event(socket, "endpoint", std::string(kMessagesPath) + "?sessionId=" + session->id());
  while (open) {
    std::optional<std::string> message = session->pop(kKeepAliveInterval);
    open =
        message ? write_event(socket, "message", *message) : write_chunk(socket, ": keepalive\n\n");
  }
  sessions_.remove(session->id());
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
}

HttpResponse SseTransport::handle_post(const HttpRequest& request) {
  std::optional<std::string> id = query_parameter(request, "sessionId");
  if (!id || id->empty())
    return make_response(request, http::status::bad_request, "missing sessionId\n");
  std::shared_ptr<SseSession> session = sessions_.find(*id);
  if (!session) return make_response(request, http::status::not_found, "unknown session\n");
  Dispatch dispatched = handler_.dispatch(request.body());
  if (dispatched.kind == MessageKind::kInvalid) {
    return make_response(request, http::status::bad_request, std::move(dispatched.reply),
                         "application/json");
  }
  if (dispatched.slow_job) {
    workers_.spawn([session, job = std::move(dispatched.slow_job)] { session->push(job()); });
  } else if (!dispatched.reply.empty()) {
    session->push(std::move(dispatched.reply));
  }
  return make_response(request, http::status::accepted);
}

}  // namespace berth::test_server
