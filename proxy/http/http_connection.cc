#include "proxy/http/http_connection.h"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "proxy/http/cors.h"
#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"

namespace berth::proxy::http {

namespace beast = boost::beast;
namespace asio = boost::asio;

namespace {

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace

HttpConnection::HttpConnection(asio::ip::tcp::socket socket, std::shared_ptr<ServerContext> context,
                               ConnectionSlot slot)
    : stream_(std::move(socket)),
      context_(std::move(context)),
      slot_(std::move(slot)),
      over_limit_(!slot_.held()) {}

void HttpConnection::run() {
  asio::dispatch(stream_.get_executor(),
                 beast::bind_front_handler(&HttpConnection::do_read_request, shared_from_this()));
}

void HttpConnection::do_read_request() {
  state_ = State::kReading;
  parser_.emplace();
  parser_->body_limit(context_->options.body_limit);
  parser_->header_limit(kHeaderLimit);
  if (requests_done_ == 0 || buffer_.size() > 0) return do_read_header();
  // Between requests: wait for the first byte of the next one under the idle timeout.
  stream_.expires_after(context_->options.idle_timeout);
  stream_.async_read_some(buffer_.prepare(4096),
                          beast::bind_front_handler(&HttpConnection::on_idle, shared_from_this()));
}

void HttpConnection::on_idle(beast::error_code ec, std::size_t bytes) {
  if (ec) return fail(ec, "idle");
  buffer_.commit(bytes);
  do_read_header();
}

void HttpConnection::do_read_header() {
  stream_.expires_after(context_->options.header_timeout);
  beast::http::async_read_header(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&HttpConnection::on_read_header, shared_from_this()));
}

void HttpConnection::on_read_header(beast::error_code ec, std::size_t) {
  if (ec) return on_read_error(ec);
  if (!beast::iequals(parser_->get()[beast::http::field::expect], "100-continue") ||
      parser_->is_done()) {
    return do_read_body();
  }
  stream_.expires_after(context_->options.write_timeout);
  asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                    [self = shared_from_this()](beast::error_code error, std::size_t) {
                      if (error) return self->fail(error, "continue");
                      self->do_read_body();
                    });
}

void HttpConnection::do_read_body() {
  stream_.expires_after(context_->options.header_timeout);
  beast::http::async_read(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&HttpConnection::on_read_body, shared_from_this()));
}

void HttpConnection::on_read_body(beast::error_code ec, std::size_t) {
  if (ec) return on_read_error(ec);
  handle_request();
}

// A request that could not be read: answer what the client can act on, then close.
void HttpConnection::on_read_error(beast::error_code ec) {
  HttpStatus status = HttpStatus::bad_request;
  if (ec == beast::http::error::body_limit) {
    status = HttpStatus::payload_too_large;
  } else if (ec == beast::http::error::header_limit) {
    status = HttpStatus::request_header_fields_too_large;
  } else if (ec.category() !=
                 beast::http::make_error_code(beast::http::error::bad_method).category() ||
             ec == beast::http::error::end_of_stream || ec == beast::http::error::partial_message) {
    return fail(ec, "read");  // timeout, reset, or the client closed: nobody to answer
  }
  state_ = State::kHandling;
  ++request_id_;
  started_ = std::chrono::steady_clock::now();
  keep_alive_ = false;
  head_request_ = false;
  cors_origin_.clear();  // the guard has not judged the Origin of an unreadable request
  verb_ = parser_->get().method();
  method_ = std::string(parser_->get().method_string());
  path_ = std::string(target_path(to_std(parser_->get().target())));
  std::string message =
      ec == beast::http::error::body_limit
          ? "the request body exceeds " + std::to_string(context_->options.body_limit) + " bytes"
          : "bad request: " + ec.message();
  send(make_error_response(status, message));
}

void HttpConnection::handle_request() {
  state_ = State::kHandling;
  ++request_id_;
  started_ = std::chrono::steady_clock::now();
  cors_origin_.clear();
  Request request = parser_->release();
  keep_alive_ = request.keep_alive() && !over_limit_;
  head_request_ = request.method() == Verb::head;
  verb_ = request.method();
  method_ = std::string(request.method_string());
  path_ = std::string(target_path(to_std(request.target())));
  if (over_limit_) {
    Response busy = make_error_response(HttpStatus::service_unavailable, "too many connections");
    busy.set(beast::http::field::retry_after, "1");
    return send(std::move(busy));
  }
  Admission admission = context_->guard.check(request);
  cors_origin_ = std::move(admission.cors_origin);
  if (admission.rejection) return send(make_rejection_response(*admission.rejection));
  if (admission.preflight) return send(make_preflight_response());
  if (admission.authorize) return authorize(std::move(request));
  route(std::move(request));
}

void HttpConnection::authorize(Request request) {
  auto held = std::make_shared<Request>(std::move(request));
  context_->options.authorizer->authorize(
      *held, path_,
      [self = shared_from_this(), held, id = request_id_](std::optional<Rejection> rejection) {
        asio::dispatch(self->executor(), [self, held, id, rejection = std::move(rejection)] {
          self->on_authorized(id, std::move(*held), rejection);
        });
      });
}

void HttpConnection::on_authorized(std::uint64_t id, Request request,
                                   std::optional<Rejection> rejection) {
  if (id != request_id_ || state_ != State::kHandling) return;
  if (rejection) return send(make_rejection_response(*rejection));
  route(std::move(request));
}

void HttpConnection::route(Request request) {
  Router::Match match = context_->router->match(request.method(), path_);
  if (match.outcome == Router::Outcome::kNotFound) {
    return send(make_error_response(HttpStatus::not_found, "no route for " + path_));
  }
  if (match.outcome == Router::Outcome::kMethodNotAllowed) {
    Response response = make_error_response(HttpStatus::method_not_allowed,
                                            "method " + method_ + " is not allowed on " + path_);
    response.set(beast::http::field::allow, match.allow);
    return send(std::move(response));
  }
  run_handler(*match.handler, std::move(match.params), std::move(request));
}

void HttpConnection::run_handler(const Handler& handler, RouteParams params, Request request) {
  try {
    handler(std::make_shared<Exchange>(shared_from_this(), request_id_, std::move(request),
                                       std::move(params)));
  } catch (const std::exception& e) {
    spdlog::warn("event=handler-threw path={} error=\"{}\"", path_, e.what());
    if (state_ == State::kHandling) {
      return send(make_error_response(HttpStatus::internal_server_error, "internal error"));
    }
  }
  // The handler answers later: watch for the client going away meanwhile.
  if ((state_ == State::kHandling || state_ == State::kStreaming) && !watching_) do_watch();
}

void HttpConnection::respond(std::uint64_t id, Response response) {
  if (id != request_id_ || state_ != State::kHandling) return;
  send(std::move(response));
}

void HttpConnection::abandon(std::uint64_t id) {
  if (id != request_id_) return;
  if (state_ == State::kHandling) {
    spdlog::warn("event=handler-dropped-request method={} path={}", method_, path_);
    send(make_error_response(HttpStatus::internal_server_error, "the handler gave no answer"));
  } else if (state_ == State::kStreaming && !end_requested_) {
    spdlog::warn("event=stream-abandoned method={} path={}", method_, path_);
    fail(asio::error::connection_aborted, "abandoned");
  }
}

// Every answer's head, complete or streamed, is finished here.
void HttpConnection::finish_head(beast::http::response_header<>& head) {
  status_ = head.result_int();
  head.version(11);
  if (!cors_origin_.empty()) add_cors_headers(head, cors_origin_);
  record_metrics();
}

void HttpConnection::record_metrics() const {
  if (!context_->metrics) return;
  std::optional<std::string_view> server = metered_server(path_);
  if (!server) return;
  context_->metrics->record(*server, verb_, status_, std::chrono::steady_clock::now() - started_);
}

void HttpConnection::send(Response response) {
  state_ = State::kWriting;
  finish_head(response);
  response.keep_alive(keep_alive_);
  response.prepare_payload();
  if (head_request_) response.body().clear();  // Content-Length still says what GET would send
  response_ = std::make_unique<Response>(std::move(response));
  stream_.expires_after(context_->options.write_timeout);
  beast::http::async_write(
      stream_, *response_,
      beast::bind_front_handler(&HttpConnection::on_write, shared_from_this()));
}

void HttpConnection::on_write(beast::error_code ec, std::size_t) {
  response_.reset();
  if (state_ == State::kClosed) return;  // the client left while the answer went out
  if (ec) return fail(ec, "write");
  log_request();
  finish_response();
}

void HttpConnection::finish_response() {
  state_ = State::kFinishing;
  on_gone_ = nullptr;
  ++requests_done_;
  if (!watching_) return continue_connection();
  beast::error_code ignored;
  stream_.socket().cancel(ignored);  // on_watch continues the connection
}

void HttpConnection::continue_connection() {
  if (keep_alive_) return do_read_request();
  do_close();
}

// Closes gracefully: stop sending, then read and drop what the client still sends for a moment,
// so the answer is not lost to a reset caused by unread request bytes (413).
void HttpConnection::do_close() {
  state_ = State::kClosed;
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(std::chrono::milliseconds(500));
  stream_.async_read_some(asio::buffer(drain_),
                          beast::bind_front_handler(&HttpConnection::on_drain, shared_from_this()));
}

void HttpConnection::on_drain(beast::error_code ec, std::size_t) {
  if (ec) return close_socket();  // even while an Exchange still holds the session
  stream_.async_read_some(asio::buffer(drain_),
                          beast::bind_front_handler(&HttpConnection::on_drain, shared_from_this()));
}

void HttpConnection::fail(beast::error_code ec, const char* what) {
  if (state_ == State::kClosed) return;
  bool ordinary = ec == beast::error::timeout || ec == beast::http::error::end_of_stream ||
                  ec == asio::error::eof || ec == asio::error::connection_reset ||
                  ec == asio::error::broken_pipe || ec == asio::error::operation_aborted ||
                  ec == asio::error::connection_aborted;
  if (ordinary) {
    spdlog::debug("event=connection-closed step={} reason=\"{}\"", what, ec.message());
  } else {
    spdlog::warn("event=connection-failed step={} error=\"{}\"", what, ec.message());
  }
  state_ = State::kClosed;
  close_socket();
  fail_chunks();
  notify_gone();
}

void HttpConnection::close_socket() {
  beast::error_code ignored;
  stream_.socket().close(ignored);
  slot_.release();
}

void HttpConnection::notify_gone() {
  gone_ = true;
  if (auto handler = std::exchange(on_gone_, nullptr)) handler();
}

void HttpConnection::set_disconnect_handler(std::uint64_t id, std::function<void()> handler) {
  if (id != request_id_) return;
  if (gone_) {
    if (handler) handler();
    return;
  }
  if (state_ == State::kHandling || state_ == State::kWriting || state_ == State::kStreaming) {
    on_gone_ = std::move(handler);
  }
}

void HttpConnection::log_request() const {
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_)
                  .count();
  spdlog::debug("method={} path={} status={} ms={:.1f}", method_, path_, status_, ms);
}

}  // namespace berth::proxy::http
