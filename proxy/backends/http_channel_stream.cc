// HttpChannel's standalone GET stream: server-initiated messages outside any POST's answer.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "proxy/backends/http_channel.h"
#include "proxy/mcp/server_message.h"

namespace berth::proxy {

namespace {

// A stream that stayed open this long was working, even without events: its end starts the
// reopen count afresh.
constexpr std::chrono::seconds kProvenStream{30};

}  // namespace

void HttpChannel::open_stream() {
  if (closed_ || stream_ || stream_declined_ || session_id_.empty()) return;
  Request request = make_request(beast_http::verb::get);
  request.set(beast_http::field::accept, "text/event-stream");
  if (!last_event_id_.empty()) request.set("Last-Event-ID", last_event_id_);
  stream_events_ = mcp::SseParser();
  stream_live_ = false;
  stream_got_event_ = false;
  stream_ = LocalHttpExchange::create(io_);
  auto self = shared_from_this();
  stream_->start(port_, std::move(request),
                 LocalHttpExchange::Timeouts{.connect = options_.connect_timeout,
                                             .head = options_.answer_timeout,
                                             .idle = LocalHttpExchange::kNoTimeout},
                 {.on_head = [self](const auto& head) { self->on_stream_head(head); },
                  .on_body = [self](std::string_view bytes) { return self->on_stream_body(bytes); },
                  .on_end = [self](Status status) { self->on_stream_end(status); }});
}

void HttpChannel::on_stream_head(const beast_http::response_header<>& head) {
  if (closed_) return;
  const unsigned status = head.result_int();
  if (status == 405) {
    stream_declined_ = true;
    spdlog::debug("{} the server offers no standalone stream (HTTP 405)", log_tag_);
    return;
  }
  if (status == 404) {
    return shut(Error{"the server forgot berth's session (HTTP 404 to the GET stream)"});
  }
  if (status != 200) {
    spdlog::warn("{} the server refused the standalone stream status={}", log_tag_, status);
    return;
  }
  const std::string type = header_value(head, beast_http::field::content_type);
  if (!type.starts_with("text/event-stream")) {
    stream_declined_ = true;
    spdlog::warn(
        "{} the standalone stream's content type is '{}', not text/event-stream; "
        "no server-initiated messages",
        log_tag_, type);
    return;
  }
  stream_live_ = true;
  stream_since_ = std::chrono::steady_clock::now();
  spdlog::debug("{} standalone stream open", log_tag_);
}

bool HttpChannel::on_stream_body(std::string_view bytes) {
  if (closed_ || !stream_live_) return false;
  const bool fits = stream_events_.feed(bytes, [this](const mcp::SseEvent& event) {
    if (closed_) return;
    if (!event.id.empty()) last_event_id_ = event.id;
    if (event.event != "message") return;
    stream_got_event_ = true;
    if (auto message = mcp::read_server_message(core_, event.data))
      core_.dispatch(std::move(*message));
  });
  if (!fits) spdlog::warn("{} standalone stream: an event too large", log_tag_);
  return fits && !closed_;
}

void HttpChannel::on_stream_end(const Status& status) {
  stream_.reset();
  if (closed_ || stream_declined_) return;
  if (!status) return reopen_stream(status.error());
  reopen_stream(stream_live_ ? "the server ended it" : "refused");
}

void HttpChannel::reopen_stream(const std::string& why) {
  const bool proved =
      stream_got_event_ ||
      (stream_live_ && std::chrono::steady_clock::now() - stream_since_ >= kProvenStream);
  stream_failures_ = proved ? 0 : stream_failures_ + 1;
  if (stream_failures_ > options_.stream_retries) {
    spdlog::warn("{} gave up on the standalone stream after {} attempts in a row: {}", log_tag_,
                 stream_failures_, why);
    return;
  }
  const auto delay = options_.stream_retry_delay * (1 << std::clamp(stream_failures_ - 1, 0, 10));
  spdlog::info("{} standalone stream ended ({}); reopening in {} ms", log_tag_, why, delay.count());
  stream_timer_.expires_after(delay);
  stream_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!ec && self) self->open_stream();
  });
}

}  // namespace berth::proxy
