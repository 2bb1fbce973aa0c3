#include "proxy/backends/docker_socket_client.h"

#include <rapidjson/document.h>

#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>

#include "proxy/mcp/bounded_json.h"

namespace berth::proxy {
namespace {

constexpr std::string_view kUnixScheme = "unix://";

// The Engine's errors are {"message": "..."}; fall back to the raw body.
std::string engine_message(const std::string& body) {
  auto doc = mcp::parse_json(body);
  if (doc && doc->IsObject() && doc->HasMember("message") && (*doc)["message"].IsString()) {
    return (*doc)["message"].GetString();
  }
  return body.substr(0, 512);
}

}  // namespace

Result<DockerEndpoint> DockerEndpoint::from_url(std::string_view url, std::string api_version) {
  if (url.starts_with(kUnixScheme)) url.remove_prefix(kUnixScheme.size());
  if (!url.starts_with('/')) {
    return Error{"docker host must be unix:///path/to/docker.sock, got '" + std::string(url) + "'"};
  }
  if (api_version.starts_with('v')) api_version.erase(0, 1);
  return DockerEndpoint{std::string(url), std::move(api_version)};
}

std::shared_ptr<DockerOpenOp> DockerSocketClient::open(beast_http::verb verb, std::string target,
                                                       bool upgrade,
                                                       std::chrono::milliseconds timeout,
                                                       OpenHandler handler) {
  auto op = std::make_shared<DockerOpenOp>(io_, std::move(handler));
  op->start(endpoint_, verb, target, upgrade, timeout);
  return op;
}

DockerOpenOp::DockerOpenOp(asio::io_context& io, DockerSocketClient::OpenHandler handler)
    : stream_(std::make_unique<DockerResponseStream>(io)),
      deadline_(io),
      handler_(std::move(handler)) {}

void DockerOpenOp::start(const DockerEndpoint& endpoint, beast_http::verb verb,
                         const std::string& target, bool upgrade,
                         std::chrono::milliseconds timeout) {
  const beast::string_view method = beast_http::to_string(verb);
  what_ = std::string(method.data(), method.size()) + " " + target;
  request_ = what_.substr(0, what_.find(' ')) + " /v" + endpoint.api_version + target +
             " HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\n";
  if (upgrade) request_ += "Connection: Upgrade\r\nUpgrade: tcp\r\n";
  request_ += "\r\n";
  deadline_.expires_after(timeout);
  deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || !self->handler_) return;
    self->timed_out_ = true;
    self->stream_->socket.close(ec);
  });
  stream_->socket.async_connect(
      asio::local::stream_protocol::endpoint(endpoint.socket_path),
      [self = shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
}

void DockerOpenOp::cancel() {
  if (!handler_) return;
  beast::error_code ignored;
  stream_->socket.close(ignored);
}

void DockerOpenOp::on_connect(beast::error_code ec) {
  if (ec) return fail(ec, "connect to the docker socket");
  asio::async_write(
      stream_->socket, asio::buffer(request_),
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_write(ec); });
}

void DockerOpenOp::on_write(beast::error_code ec) {
  if (ec) return fail(ec, "send");
  stream_->parser = std::make_unique<beast_http::response_parser<beast_http::empty_body>>();
  beast_http::async_read_header(
      stream_->socket, stream_->buffer, *stream_->parser,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_head(ec); });
}

void DockerOpenOp::on_head(beast::error_code ec) {
  if (ec) return fail(ec, "read the response");
  const unsigned status = stream_->status();
  if (status == 101 || (status >= 200 && status < 300)) return finish(std::move(stream_));
  // An error: read the (short) body for the Engine's message.
  error_parser_ = std::make_unique<beast_http::response_parser<beast_http::string_body>>(
      std::move(*stream_->parser));
  error_parser_->body_limit(64 * 1024);
  beast_http::async_read(
      stream_->socket, stream_->buffer, *error_parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_error_body(ec); });
}

void DockerOpenOp::on_error_body(beast::error_code ec) {
  const auto& response = error_parser_->get();
  std::string message = ec ? std::string(response.reason()) : engine_message(response.body());
  finish(Error{"docker " + what_ + ": " + message, static_cast<int>(response.result_int())});
}

void DockerOpenOp::fail(beast::error_code ec, std::string_view what) {
  const std::string reason = timed_out_ ? std::string("timed out") : ec.message();
  finish(Error{"docker " + what_ + ": " + std::string(what) + ": " + reason});
}

void DockerOpenOp::finish(Result<std::unique_ptr<DockerResponseStream>> result) {
  if (!handler_) return;
  deadline_.cancel();
  auto handler = std::move(handler_);
  handler_ = nullptr;
  handler(std::move(result));
}

}  // namespace berth::proxy
