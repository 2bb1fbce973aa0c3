#include "proxy/backends/sse_probe.h"

#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/mcp_handshake.h"

namespace berth::proxy {

std::string resolve_sse_endpoint(std::string_view sse_path, std::string_view url) {
  if (const size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    const size_t path = url.find('/', scheme + 3);
    return path == std::string_view::npos ? "/" : std::string(url.substr(path));
  }
  if (url.starts_with('/')) return std::string(url);
  const std::string_view folder = sse_path.substr(0, sse_path.rfind('/') + 1);
  return std::string(folder.empty() ? "/" : folder) + std::string(url);
}

void SseProbe::run(boost::asio::io_context& io, int port, std::string path,
                   std::chrono::milliseconds timeout, Done done) {
  std::shared_ptr<SseProbe> probe(new SseProbe(io, port, std::move(path), std::move(done)));
  probe->start(timeout);
}

SseProbe::SseProbe(boost::asio::io_context& io, int port, std::string path, Done done)
    : io_(io), port_(port), path_(std::move(path)), done_(std::move(done)), deadline_(io) {}

void SseProbe::start(std::chrono::milliseconds timeout) {
  expiry_ = std::chrono::steady_clock::now() + timeout;
  deadline_.expires_at(expiry_);
  deadline_.async_wait([self = shared_from_this(), timeout](beast::error_code ec) {
    if (!ec) {
      self->finish(Error{"no initialize answer within " + std::to_string(timeout.count()) + " ms"});
    }
  });
  beast_http::request<beast_http::string_body> request{beast_http::verb::get, path_, 11};
  request.set(beast_http::field::accept, "text/event-stream");
  stream_ = LocalHttpExchange::create(io_);
  auto self = shared_from_this();
  stream_->start(port_, std::move(request), timeout,
                 {.on_head = [self](const auto& head) { self->on_stream_head(head); },
                  .on_body = [self](std::string_view bytes) { return self->on_stream_body(bytes); },
                  .on_end =
                      [self](Status status) {
                        self->finish(status ? Error{"SSE stream ended before the answer"}
                                            : Error{"SSE stream: " + status.error()});
                      }});
}

void SseProbe::on_stream_head(const beast_http::response_header<>& head) {
  if (head.result() != beast_http::status::ok) {
    return finish(Error{"SSE stream: HTTP " + std::to_string(head.result_int()) + " " +
                        std::string(head.reason().data(), head.reason().size())});
  }
  if (!header_value(head, beast_http::field::content_type).starts_with("text/event-stream")) {
    finish(Error{"SSE stream: content type is '" +
                 header_value(head, beast_http::field::content_type) + "', not text/event-stream"});
  }
}

bool SseProbe::on_stream_body(std::string_view bytes) {
  const bool fits = sse_.feed(bytes, [this](const mcp::SseEvent& event) { on_event(event); });
  if (!fits) finish(Error{"SSE stream: event too large"});
  return static_cast<bool>(done_);
}

void SseProbe::on_event(const mcp::SseEvent& event) {
  if (!done_) return;
  if (event.event == "endpoint" && !posted_) {
    posted_ = true;
    return post_initialize(resolve_sse_endpoint(path_, event.data));
  }
  if (event.event != "message") return;
  auto message = mcp::parse_json(event.data);
  if (message && mcp::is_probe_answer(*message)) {
    finish(mcp::check_initialize_answer(event.data));
  }
}

void SseProbe::post_initialize(const std::string& target) {
  beast_http::request<beast_http::string_body> request{beast_http::verb::post, target, 11};
  request.set(beast_http::field::content_type, "application/json");
  request.body() = mcp::initialize_request_json();
  post_ = LocalHttpExchange::create(io_);
  auto self = shared_from_this();
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      expiry_ - std::chrono::steady_clock::now());
  post_->start(port_, std::move(request), std::max(left, std::chrono::milliseconds(1)),
               {.on_head =
                    [self](const auto& head) {
                      const unsigned status = head.result_int();
                      if (status != 202 && status != 200) {
                        self->finish(Error{"initialize POST: HTTP " + std::to_string(status)});
                      }
                    },
                .on_body = nullptr,
                .on_end =
                    [self](Status status) {
                      if (!status) self->finish(Error{"initialize POST: " + status.error()});
                    }});
}

void SseProbe::finish(Status status) {
  if (!done_) return;
  deadline_.cancel();
  if (stream_) stream_->close();
  if (post_) post_->close();
  stream_.reset();
  post_.reset();
  auto done = std::move(done_);
  done_ = nullptr;
  done(std::move(status));
}

}  // namespace berth::proxy
