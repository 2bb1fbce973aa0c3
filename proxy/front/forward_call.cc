#include "proxy/front/forward_call.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <charconv>

#include "proxy/front/gateway_errors.h"

namespace berth::proxy::front {

namespace asio = boost::asio;
namespace beast_http = boost::beast::http;

namespace {

// Whether the answer has no body to stream (then it is passed on complete, with no chunking).
bool has_no_body(const UpstreamHead& head, http::Verb method) {
  const unsigned status = head.result_int();
  if (status == 204 || status == 304) return true;
  return method != http::Verb::head && head[beast_http::field::content_length] == "0";
}

// The body length a head announces if it is small enough to pass on whole; else nullopt (an
// event stream, chunked or close-delimited, too large, or a HEAD answer, which has no body).
std::optional<std::size_t> whole_body_length(const UpstreamHead& head, http::Verb method) {
  if (method == http::Verb::head || is_event_stream(head)) return std::nullopt;
  const std::string_view text = http::to_std(head[beast_http::field::content_length]);
  std::size_t length = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), length);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (length > ForwardCall::kWholeBodyLimit) return std::nullopt;
  return length;
}

}  // namespace

void ForwardCall::start(asio::io_context& io, const HttpForwarderOptions& options,
                        std::shared_ptr<UpstreamPool> pool,
                        std::shared_ptr<http::Exchange> exchange, const reconciler::Route& route) {
  std::shared_ptr<ForwardCall> call(
      new ForwardCall(io, options, std::move(pool), std::move(exchange), route));
  asio::post(call->io_, [call] { call->run(); });
}

ForwardCall::ForwardCall(asio::io_context& io, const HttpForwarderOptions& options,
                         std::shared_ptr<UpstreamPool> pool,
                         std::shared_ptr<http::Exchange> exchange, const reconciler::Route& route)
    : io_(io),
      options_(options),
      pool_(std::move(pool)),
      exchange_(std::move(exchange)),
      server_(route.server),
      port_(route.host_port),
      path_(route.path),
      method_(http::to_std(exchange_->request().method_string())) {}

void ForwardCall::run() {
  watch_client();
  if (port_ <= 0 || port_ > 65535) {
    return fail(Error{"no port published on 127.0.0.1", LocalHttpExchange::kConnectFailed});
  }
  upstream_ = LocalHttpExchange::create(io_, pool_);
  auto self = shared_from_this();
  upstream_->start(port_, upstream_request(exchange_->request(), path_),
                   LocalHttpExchange::Timeouts{.connect = options_.connect_timeout,
                                               .head = options_.head_timeout,
                                               .idle = options_.idle_timeout},
                   {.on_head = [self](const UpstreamHead& head) { self->on_head(head); },
                    .on_body = [self](std::string_view bytes) { return self->on_body(bytes); },
                    .on_end = [self](Status status) { self->on_end(std::move(status)); }});
}

void ForwardCall::watch_client() {
  exchange_->on_disconnect([weak = weak_from_this(), &io = io_] {
    asio::post(io, [weak] {
      if (auto self = weak.lock()) self->on_client_gone();
    });
  });
}

void ForwardCall::on_head(const UpstreamHead& head) {
  if (!exchange_) return;
  status_ = head.result_int();
  if (status_ < 200) {
    return fail(
        Error{"an interim " + std::to_string(status_) + " answer", LocalHttpExchange::kNoAnswer});
  }
  if (has_no_body(head, exchange_->method())) {
    answer_ = Answer::kComplete;
    http::Response response;
    response.result(status_);
    copy_response_fields(head, response.base());
    return exchange_->respond(std::move(response));
  }
  if (const std::optional<std::size_t> length = whole_body_length(head, exchange_->method())) {
    answer_ = Answer::kGathering;
    whole_.emplace();
    whole_->result(status_);
    copy_response_fields(head, whole_->base());
    whole_->body().reserve(*length);
    return;
  }
  http::StreamHead client;
  client.result(status_);
  copy_response_fields(head, client.base());
  if (is_event_stream(head)) {
    upstream_->set_idle_timeout(LocalHttpExchange::kNoTimeout);  // events may be far apart
    client.set("X-Accel-Buffering", "no");
    if (exchange_->method() == http::Verb::post) {
      unanswered_.emplace(exchange_->request().body());
      if (unanswered_->empty()) unanswered_.reset();
    }
  }
  start_streaming(std::move(client));
}

void ForwardCall::start_streaming(http::StreamHead head) {
  answer_ = Answer::kStreaming;
  exchange_->start_stream(std::move(head));
}

bool ForwardCall::on_body(std::string_view bytes) {
  if (!exchange_) return false;
  if (answer_ == Answer::kGathering) {
    whole_->body().append(bytes);
    return true;
  }
  if (answer_ != Answer::kStreaming) return false;
  if (unanswered_) unanswered_->watch(bytes);
  write_to_client(std::string(bytes));
  if (writes_pending_ >= kMaxWritesPending) upstream_->pause();
  return true;
}

void ForwardCall::write_to_client(std::string bytes) {
  ++writes_pending_;
  exchange_->write(std::move(bytes), [self = shared_from_this()](bool written) {
    asio::post(self->io_, [self, written] { self->on_written(written); });
  });
}

void ForwardCall::on_written(bool written) {
  --writes_pending_;
  if (!written) return on_client_gone();  // the client went away, or its stream is over
  if (upstream_end_) {
    if (writes_pending_ == 0) complete();
    return;
  }
  if (upstream_) upstream_->resume();
}

void ForwardCall::on_end(Status status) {
  upstream_.reset();
  if (answer_ == Answer::kNone) {
    return fail(status ? Error{"the answer ended before its head"} : status.error_value());
  }
  if (answer_ == Answer::kGathering) return end_whole(std::move(status));
  upstream_end_ = std::move(status);
  // A clean end goes out behind the pieces still queued (in the same write, if they have not
  // left yet); a broken one waits for them, then decides how the client's answer ends.
  if (writes_pending_ == 0 || upstream_end_->ok()) complete();
}

void ForwardCall::end_whole(Status status) {
  if (!exchange_) return;
  http::Response whole = std::move(*whole_);
  whole_.reset();
  if (status.ok()) {
    answer_ = Answer::kComplete;
    exchange_->respond(std::move(whole));
    exchange_.reset();
    return;
  }
  if (whole.body().empty()) {
    answer_ = Answer::kNone;
    return fail(Error{"the answer broke off before its body: " + status.error(),
                      LocalHttpExchange::kBodyFailed});
  }
  // As if it had been streamed: what arrived, then a cut.
  upstream_end_ = std::move(status);
  http::StreamHead head;
  head.result(whole.result_int());
  for (const auto& field : whole.base()) head.insert(field.name_string(), field.value());
  start_streaming(std::move(head));
  write_to_client(std::move(whole.body()));
}

void ForwardCall::on_client_gone() {
  if (!exchange_) return;
  spdlog::debug("server={} method={} event=client-gone", server_, method_);
  stop_upstream();
  exchange_.reset();
}

void ForwardCall::complete() {
  if (!exchange_) return;
  if (upstream_end_->ok()) {
    if (answer_ == Answer::kStreaming) exchange_->end();
  } else if (unanswered_ && !unanswered_->empty()) {
    // The client's SDK waits for these answers: end each with an error, then the stream.
    spdlog::warn(
        "server={} method={} status={} requests_failed={} error=\"answer stream broke off: "
        "{}\"",
        server_, method_, status_, unanswered_->size(), upstream_end_->error());
    exchange_->write(unanswered_->error_events("server " + server_ +
                                               " broke off its answer: " + upstream_end_->error()));
    exchange_->end();
  } else {
    spdlog::warn("server={} method={} status={} error=\"response truncated: {}\"", server_, method_,
                 status_, upstream_end_->error());
  }
  // Released without end() after any other failure: the session closes the connection mid-body.
  exchange_.reset();
}

void ForwardCall::fail(const Error& error) {
  stop_upstream();
  if (!exchange_) return;
  const bool timed_out = error.code == LocalHttpExchange::kHeadTimedOut;
  const http::HttpStatus status =
      timed_out ? http::HttpStatus::gateway_timeout : http::HttpStatus::bad_gateway;
  std::string message = "server " + server_ + " is unreachable: " + error.message;
  if (timed_out) {
    message = "server " + server_ + " did not answer within " +
              std::to_string(options_.head_timeout.count()) + " ms";
  } else if (error.code == LocalHttpExchange::kBodyFailed) {
    message = "server " + server_ + " broke off its answer: " + error.message;
  }
  spdlog::warn("server={} method={} status={} error=\"{}\"", server_, method_,
               static_cast<unsigned>(status), error.message);
  exchange_->respond(
      make_gateway_error(status, request_ids_of(exchange_->request().body()), message));
  exchange_.reset();
}

void ForwardCall::stop_upstream() {
  if (!upstream_) return;
  upstream_->close();
  upstream_.reset();
}

}  // namespace berth::proxy::front
