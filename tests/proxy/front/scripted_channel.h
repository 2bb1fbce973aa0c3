#pragma once
// ScriptedChannel: the one fake mcp::McpChannel of the front's tests, a scripted server with no
// container behind it. The script says what the "server" answers:
// - its handshake: the initialize result (kScriptedInitResult unless set), answered at once or,
//   when held, on answer_handshake() or fail_handshake() — always posted, never from inside
//   initialize();
// - each message berth sends: `Script` returns the server's messages in answer (posted, in
//   order); without a script nothing is answered and the test answers with from_server();
// - server-initiated messages (notifications, server-to-client requests): from_server(), any
//   time.
// Everything berth sends is recorded (sent()). close() plays the server going away.
// Not thread-safe: like every mcp::McpChannel it lives on the io_context's one thread.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/mcp/mcp_channel.h"

namespace berth::proxy::front::testing {

// The scripted server's default initialize result.
inline constexpr std::string_view kScriptedInitResult =
    R"({"protocolVersion":"2025-06-18","capabilities":{"tools":{},"logging":{}},)"
    R"("serverInfo":{"name":"scripted","version":"1.0.0"}})";

// The server's messages in answer to `message` (one line berth sent).
using Script = std::function<std::vector<std::string>(const std::string& message)>;

struct ScriptedChannelOptions {
  Script script;
  bool hold_handshake = false;
  std::string init_result = std::string(kScriptedInitResult);
};

class ScriptedChannel : public mcp::McpChannel {
 public:
  using Script = testing::Script;
  using Options = ScriptedChannelOptions;

  explicit ScriptedChannel(boost::asio::io_context& io, Options options = {})
      : io_(io), options_(std::move(options)) {}
  ScriptedChannel(boost::asio::io_context& io, Script script)
      : ScriptedChannel(io, Options{.script = std::move(script)}) {}

  void set_message_handler(MessageHandler handler) override { on_message_ = std::move(handler); }
  void set_closed_handler(ClosedHandler handler) override { on_closed_ = std::move(handler); }
  void send(std::string message) override;
  void initialize(std::chrono::milliseconds timeout, mcp::ResponseHandler handler) override;
  void close() override;
  [[nodiscard]] bool closed() const override { return closed_; }

  // Answers the handshakes held so far (posted).
  void answer_handshake();
  // Fails the handshakes held so far (posted).
  void fail_handshake(const std::string& reason);
  // One message from the server to berth, delivered now.
  void from_server(std::string_view json);
  [[nodiscard]] const std::vector<std::string>& sent() const { return sent_; }
  // The messages berth sent whose text contains `needle`.
  [[nodiscard]] std::vector<std::string> sent_with(std::string_view needle) const;
  [[nodiscard]] bool has_handlers() const { return on_message_ || on_closed_; }
  [[nodiscard]] size_t handshakes_held() const { return held_.size(); }
  [[nodiscard]] size_t handshakes_asked() const { return handshakes_asked_; }

 private:
  boost::asio::io_context& io_;
  const Options options_;
  MessageHandler on_message_;
  ClosedHandler on_closed_;
  std::vector<mcp::ResponseHandler> held_;
  std::vector<std::string> sent_;
  size_t handshakes_asked_ = 0;
  bool closed_ = false;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // guards posted replies
};

// A script answering every request with `result` (raw JSON) under its id.
[[nodiscard]] ScriptedChannel::Script answer_every_request(std::string result = "{}");

}  // namespace berth::proxy::front::testing
