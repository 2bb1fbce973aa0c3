#pragma once
// ScriptedChannel: an mcp::McpChannel with no server behind it, for MultiplexedFront tests. Its
// handshake is answered (posted, never from inside initialize()) with a fixed result, at once or,
// when held, on answer_handshake(); what berth sends is recorded; the test plays the server with
// from_server().
// Not thread-safe: like every mcp::McpChannel it lives on the io_context's one thread.

#include <boost/asio/io_context.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/mcp/mcp_channel.h"

namespace berth::proxy::front::testing {

// The scripted server's initialize result.
inline constexpr std::string_view kScriptedInitResult =
    R"({"protocolVersion":"2025-06-18","capabilities":{"tools":{}},)"
    R"("serverInfo":{"name":"scripted","version":"1.0.0"}})";

class ScriptedChannel : public mcp::McpChannel {
 public:
  explicit ScriptedChannel(boost::asio::io_context& io, bool hold_handshake = false)
      : io_(io), hold_handshake_(hold_handshake) {}

  void set_message_handler(MessageHandler handler) override { on_message_ = std::move(handler); }
  void set_closed_handler(ClosedHandler handler) override { on_closed_ = std::move(handler); }
  void send(std::string message) override { sent_.push_back(std::move(message)); }
  void initialize(std::chrono::milliseconds timeout, mcp::ResponseHandler handler) override;
  void close() override;
  [[nodiscard]] bool closed() const override { return closed_; }

  // Answers the handshakes held so far (posted).
  void answer_handshake();
  // One message from the server to berth.
  void from_server(std::string_view json);
  [[nodiscard]] const std::vector<std::string>& sent() const { return sent_; }
  [[nodiscard]] bool has_handlers() const { return on_message_ || on_closed_; }
  [[nodiscard]] size_t handshakes_held() const { return held_.size(); }

 private:
  boost::asio::io_context& io_;
  const bool hold_handshake_;
  MessageHandler on_message_;
  ClosedHandler on_closed_;
  std::vector<mcp::ResponseHandler> held_;
  std::vector<std::string> sent_;
  bool closed_ = false;
};

}  // namespace berth::proxy::front::testing
