#include "proxy/backends/streamable_http_probe.h"

#include <spdlog/spdlog.h>

#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/mcp_handshake.h"

namespace berth::proxy {
namespace {

constexpr size_t kMaxJsonBody = size_t{16} << 20;
constexpr std::chrono::seconds kDeleteTimeout{2};

}  // namespace

void StreamableHttpProbe::run(boost::asio::io_context& io, int port, std::string path,
                              Message message, std::chrono::milliseconds timeout, Done done) {
  std::shared_ptr<StreamableHttpProbe> probe(
      new StreamableHttpProbe(io, port, std::move(path), message, std::move(done)));
  probe->start(timeout);
}

StreamableHttpProbe::StreamableHttpProbe(boost::asio::io_context& io, int port, std::string path,
                                         Message message, Done done)
    : io_(io),
      port_(port),
      path_(std::move(path)),
      message_(message),
      done_(std::move(done)),
      deadline_(io) {}

std::string_view StreamableHttpProbe::method() const {
  return message_ == Message::kDiscover ? "server/discover" : "initialize";
}

Result<mcp::ServerEra> StreamableHttpProbe::judge(std::string_view json) const {
  if (message_ == Message::kDiscover) {
    return mcp::is_modern_discover_answer(json) ? mcp::ServerEra::kModern : mcp::ServerEra::kLegacy;
  }
  Status initialized = mcp::check_initialize_answer(json);
  if (!initialized) return initialized.error_value();
  return mcp::ServerEra::kLegacy;
}

void StreamableHttpProbe::start(std::chrono::milliseconds timeout) {
  deadline_.expires_after(timeout);
  deadline_.async_wait([self = shared_from_this(), timeout](beast::error_code ec) {
    if (!ec) {
      self->finish(Error{"no " + std::string(self->method()) + " answer within " +
                         std::to_string(timeout.count()) + " ms"});
    }
  });
  beast_http::request<beast_http::string_body> request{beast_http::verb::post, path_, 11};
  request.set(beast_http::field::content_type, "application/json");
  request.set(beast_http::field::accept, "application/json, text/event-stream");
  if (message_ == Message::kDiscover) {
    request.set("MCP-Protocol-Version", std::string(mcp::kDiscoverVersionHeader));
    request.set("Mcp-Method", "server/discover");
    request.body() = mcp::discover_request_json();
  } else {
    request.body() = mcp::initialize_request_json();
  }
  exchange_ = LocalHttpExchange::create(io_);
  auto self = shared_from_this();
  exchange_->start(port_, std::move(request), timeout,
                   {.on_head = [self](const auto& head) { self->on_head(head); },
                    .on_body = [self](std::string_view bytes) { return self->on_body(bytes); },
                    .on_end = [self](Status status) { self->on_end(std::move(status)); }});
}

void StreamableHttpProbe::on_head(const beast_http::response_header<>& head) {
  session_id_ = header_value(head, "Mcp-Session-Id");
  // A modern server refuses with 400 and a JSON-RPC error worth reading; 404 and 405 too.
  const bool read_refusal = message_ == Message::kDiscover && head.result_int() < 500;
  if (head.result() != beast_http::status::ok && !read_refusal) {
    answer_ = Error{std::string(method()) + ": HTTP " + std::to_string(head.result_int()) + " " +
                    std::string(head.reason().data(), head.reason().size())};
    return;
  }
  event_stream_ =
      header_value(head, beast_http::field::content_type).starts_with("text/event-stream");
}

bool StreamableHttpProbe::on_body(std::string_view bytes) {
  if (answer_) return false;
  if (!event_stream_) {
    body_.append(bytes);
    if (body_.size() > kMaxJsonBody) {
      answer_ = Error{std::string(method()) + " answer larger than 16 MiB"};
    }
    return !answer_;
  }
  const bool fits = sse_.feed(bytes, [this](const mcp::SseEvent& event) {
    if (answer_ || event.event != "message") return;
    auto message = mcp::parse_json(event.data);
    if (message && mcp::is_probe_answer(*message)) answer_ = judge(event.data);
  });
  if (!fits) answer_ = Error{std::string(method()) + " answer: SSE event too large"};
  return !answer_;
}

void StreamableHttpProbe::on_end(Status status) {
  exchange_.reset();
  if (answer_) return finish(std::move(*answer_));
  const std::string what(method());
  if (!status) return finish(Error{what + ": " + status.error()});
  if (event_stream_) return finish(Error{what + ": SSE stream ended without the answer"});
  finish(judge(body_));
}

void StreamableHttpProbe::finish(Result<mcp::ServerEra> outcome) {
  if (!done_) return;
  deadline_.cancel();
  if (exchange_) exchange_->close();
  exchange_.reset();
  auto done = std::move(done_);
  done_ = nullptr;
  done(std::move(outcome));
  if (!session_id_.empty()) delete_session();
}

void StreamableHttpProbe::delete_session() {
  beast_http::request<beast_http::string_body> request{beast_http::verb::delete_, path_, 11};
  request.set("Mcp-Session-Id", session_id_);
  request.set("MCP-Protocol-Version", "2025-06-18");
  const std::string session = session_id_;
  LocalHttpExchange::create(io_)->start(
      port_, std::move(request), kDeleteTimeout,
      {.on_head = nullptr, .on_body = nullptr, .on_end = [session](Status status) {
         if (!status) spdlog::debug("probe session={} not deleted: {}", session, status.error());
       }});
}

}  // namespace berth::proxy
