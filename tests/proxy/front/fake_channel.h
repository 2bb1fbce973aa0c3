#pragma once
// FakeChannel: an mcp::McpChannel with a scripted server behind it, for tests of the front's client
// sessions without a container. The handshake succeeds at once with a fixed initialize result;
// each message berth sends is handed to the Responder, and the messages it returns come back as
// the server's, each posted to the io_context. Lives on the io_context's thread, like the real
// channels; not thread-safe.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <string>
#include <vector>

#include "proxy/mcp/mcp_channel.h"

namespace berth::proxy::front::testing {

class FakeChannel : public mcp::McpChannel {
 public:
  // The server's messages in answer to `message` (one line berth sent).
  using Responder = std::function<std::vector<std::string>(const std::string& message)>;

  FakeChannel(boost::asio::io_context& io, Responder responder)
      : io_(io), responder_(std::move(responder)) {}

  void set_message_handler(MessageHandler handler) override { on_message_ = std::move(handler); }
  void set_closed_handler(ClosedHandler handler) override { on_closed_ = std::move(handler); }
  void send(std::string message) override;
  void initialize(std::chrono::milliseconds timeout, mcp::ResponseHandler handler) override;
  void close() override;
  [[nodiscard]] bool closed() const override { return closed_; }

 private:
  boost::asio::io_context& io_;
  Responder responder_;
  MessageHandler on_message_;
  ClosedHandler on_closed_;
  bool closed_ = false;
};

}  // namespace berth::proxy::front::testing
