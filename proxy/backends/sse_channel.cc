#include "proxy/backends/sse_channel.h"

#include <spdlog/spdlog.h>

#include "proxy/backends/sse_probe.h"
#include "proxy/mcp/refused_requests.h"
#include "proxy/mcp/server_message.h"

namespace berth::proxy {

namespace asio = boost::asio;

std::shared_ptr<SseChannel> SseChannel::create(asio::io_context& io, std::string server,
                                               std::string container_id, int port, std::string path,
                                               SseChannelOptions options) {
  return std::shared_ptr<SseChannel>(new SseChannel(io, std::move(server), std::move(container_id),
                                                    port, std::move(path), options));
}

SseChannel::SseChannel(asio::io_context& io, std::string server, std::string container_id, int port,
                       std::string path, SseChannelOptions options)
    : io_(io),
      server_(std::move(server)),
      port_(port),
      path_(std::move(path)),
      options_(options),
      log_tag_("server=" + server_ + " container=" + container_id.substr(0, 12) + " transport=sse"),
      core_(io, log_tag_, [this](std::string message) { send(std::move(message)); }),
      endpoint_timer_(io) {}

SseChannel::~SseChannel() {
  if (stream_) stream_->close();
  if (post_) post_->close();
}

void SseChannel::open() {
  if (opened_ || closed_) return;
  opened_ = true;
  if (port_ <= 0 || port_ > 65535) return shut(Error{"no port published on 127.0.0.1"});
  endpoint_timer_.expires_after(options_.endpoint_timeout);
  endpoint_timer_.async_wait(
      [weak = weak_from_this(), limit = options_.endpoint_timeout](boost::system::error_code ec) {
        auto self = weak.lock();
        if (ec || !self || !self->endpoint_.empty()) return;
        self->shut(Error{"no endpoint event within " + std::to_string(limit.count()) + " ms"});
      });
  beast_http::request<beast_http::string_body> request{beast_http::verb::get, path_, 11};
  request.set(beast_http::field::accept, "text/event-stream");
  stream_ = LocalHttpExchange::create(io_);
  auto self = shared_from_this();
  stream_->start(port_, std::move(request),
                 LocalHttpExchange::Timeouts{.connect = options_.connect_timeout,
                                             .head = options_.endpoint_timeout,
                                             .idle = LocalHttpExchange::kNoTimeout},
                 {.on_head = [self](const auto& head) { self->on_stream_head(head); },
                  .on_body = [self](std::string_view bytes) { return self->on_stream_body(bytes); },
                  .on_end =
                      [self](Status status) {
                        self->stream_.reset();
                        self->shut(status ? Error{"the server ended the SSE stream"}
                                          : Error{"SSE stream: " + status.error()});
                      }});
}

void SseChannel::on_stream_head(const beast_http::response_header<>& head) {
  if (head.result() != beast_http::status::ok) {
    return shut(Error{"SSE stream: HTTP " + std::to_string(head.result_int())});
  }
  const std::string type = header_value(head, beast_http::field::content_type);
  if (!type.starts_with("text/event-stream")) {
    shut(Error{"SSE stream: content type is '" + type + "', not text/event-stream"});
  }
}

bool SseChannel::on_stream_body(std::string_view bytes) {
  if (closed_) return false;
  if (!events_.feed(bytes, [this](const mcp::SseEvent& event) { on_event(event); })) {
    shut(Error{"SSE stream: an event too large"});
  }
  return !closed_;
}

void SseChannel::on_event(const mcp::SseEvent& event) {
  if (closed_) return;
  if (event.event == "endpoint") {
    if (!endpoint_.empty()) return;  // announced once; later ones are ignored
    endpoint_ = resolve_sse_endpoint(path_, event.data);
    endpoint_timer_.cancel();
    spdlog::info("{} session open endpoint={}", log_tag_, endpoint_);
    return do_post();
  }
  if (event.event != "message") return;
  if (auto message = mcp::read_server_message(core_, event.data))
    core_.dispatch(std::move(*message));
}

void SseChannel::send(std::string message) {
  if (closed_) return;
  queue_.push_back(std::move(message));
  do_post();
}

void SseChannel::do_post() {
  if (post_ || closed_ || endpoint_.empty() || queue_.empty()) return;
  beast_http::request<beast_http::string_body> request{beast_http::verb::post, endpoint_, 11};
  request.set(beast_http::field::content_type, "application/json");
  request.body() = queue_.front();
  post_status_ = 0;
  post_ = LocalHttpExchange::create(io_);
  auto self = shared_from_this();
  post_->start(port_, std::move(request),
               LocalHttpExchange::Timeouts{.connect = options_.connect_timeout,
                                           .head = options_.post_timeout,
                                           .idle = options_.post_timeout},
               {.on_head = [self](const auto& head) { self->on_post_head(head.result_int()); },
                .on_body = [](std::string_view) { return true; },
                .on_end = [self](Status status) { self->on_post_end(std::move(status)); }});
}

void SseChannel::on_post_head(unsigned status) { post_status_ = status; }

void SseChannel::on_post_end(Status status) {
  post_.reset();
  if (closed_) return;
  std::string message = std::move(queue_.front());
  queue_.pop_front();
  if (!status) return shut(Error{"posting a message: " + status.error()});
  if (post_status_ == 404) {
    refuse(message, "the server forgot berth's session (HTTP 404)");
    return shut(Error{"the server forgot berth's session (HTTP 404 to a POST)"});
  }
  if (post_status_ != 200 && post_status_ != 202) {
    spdlog::warn("{} the server refused a message status={}", log_tag_, post_status_);
    refuse(message, "the server refused the message (HTTP " + std::to_string(post_status_) + ")");
  }
  do_post();
}

void SseChannel::refuse(const std::string& message, const std::string& why) {
  mcp::refuse_requests(core_, message, server_ + ": " + why);
}

void SseChannel::shut(const Error& reason) {
  if (closed_) return;
  closed_ = true;
  spdlog::info("{} session closed: {}", log_tag_, reason.message);
  endpoint_timer_.cancel();
  if (stream_) stream_->close();
  if (post_) post_->close();
  stream_.reset();
  post_.reset();
  queue_.clear();
  core_.close(reason);
}

}  // namespace berth::proxy
