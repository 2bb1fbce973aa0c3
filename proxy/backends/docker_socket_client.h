#pragma once
// DockerSocketClient: opens streaming HTTP exchanges with the Docker Engine over its unix socket.
//
// `open()` connects to the socket, sends one HTTP/1.1 request and reads the response head with
// Beast; on success the caller gets the connected socket, the bytes already read past the head
// and the head itself, and streams from there: raw bytes after `101 Switching Protocols`
// (attach), or the body through the parser (logs). Any other status fails with the Engine's own
// message and the status in Error::code. Each open has a deadline covering connect, write and
// head; after that the stream is the caller's and has no deadline.
//
// API version: the owner passes it in DockerEndpoint (default "1.41"). The reconciler's libcurl
// client has already negotiated it; asking /_ping again here would cost a round trip per process
// for an answer we already have.
//
// Everything runs on the io_context given by the owner (the proxy's), which must be run by one
// thread; handlers are called on it. Not thread-safe: call from that thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace berth::proxy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = beast::http;
using UnixSocket = asio::local::stream_protocol::socket;

// Where the Engine listens and which API version berth speaks to it.
struct DockerEndpoint {
  std::string socket_path = "/var/run/docker.sock";
  std::string api_version = "1.41";

  // From a DOCKER_HOST-style URL: "unix:///var/run/docker.sock" (or a bare absolute path).
  static Result<DockerEndpoint> from_url(std::string_view url, std::string api_version = "1.41");
};

// What `open()` hands over: the socket positioned after the response head.
struct DockerResponseStream {
  explicit DockerResponseStream(asio::io_context& io) : socket(io) {}

  UnixSocket socket;
  beast::flat_buffer buffer;  // bytes read past the head: the start of the stream or body
  // The head; move it into a parser with another body type to read the body (see logs reader).
  std::unique_ptr<beast_http::response_parser<beast_http::empty_body>> parser;
  unsigned status() const { return parser->get().result_int(); }
};

class DockerOpenOp;

class DockerSocketClient {
 public:
  using OpenHandler = std::function<void(Result<std::unique_ptr<DockerResponseStream>>)>;

  DockerSocketClient(asio::io_context& io, DockerEndpoint endpoint)
      : io_(io), endpoint_(std::move(endpoint)) {}

  // Starts `verb /v<api><target>`; `upgrade` adds `Connection: Upgrade` and `Upgrade: tcp`
  // (attach). `handler` is called exactly once, unless the io_context stops first. The returned
  // handle cancels the open (the handler then gets an error).
  std::shared_ptr<DockerOpenOp> open(beast_http::verb verb, std::string target, bool upgrade,
                                     std::chrono::milliseconds timeout, OpenHandler handler);

  asio::io_context& io() const { return io_; }
  const DockerEndpoint& endpoint() const { return endpoint_; }

 private:
  asio::io_context& io_;
  DockerEndpoint endpoint_;
};

// One open in progress; kept alive by its own async operations (shared_from_this).
class DockerOpenOp : public std::enable_shared_from_this<DockerOpenOp> {
 public:
  DockerOpenOp(asio::io_context& io, DockerSocketClient::OpenHandler handler);
  void start(const DockerEndpoint& endpoint, beast_http::verb verb, const std::string& target,
             bool upgrade, std::chrono::milliseconds timeout);
  void cancel();

 private:
  void on_connect(beast::error_code ec);
  void on_write(beast::error_code ec);
  void on_head(beast::error_code ec);
  void on_error_body(beast::error_code ec);
  void fail(beast::error_code ec, std::string_view what);
  void finish(Result<std::unique_ptr<DockerResponseStream>> result);

  std::unique_ptr<DockerResponseStream> stream_;
  asio::steady_timer deadline_;
  std::string request_;
  std::string what_;  // "POST /containers/…/attach", for errors
  std::unique_ptr<beast_http::response_parser<beast_http::string_body>> error_parser_;
  DockerSocketClient::OpenHandler handler_;
  bool timed_out_ = false;
};

}  // namespace berth::proxy
