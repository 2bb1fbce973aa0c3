#include "tests/proxy/backends/channel_test_support.h"

#include <rapidjson/pointer.h>

#include "proxy/mcp/json_rpc.h"
#include "tests/proxy/front/fake_backend.h"

namespace berth::proxy::testing {

bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.restart();
    io.run_one_for(10ms);
  }
  return done();
}

bool run_until_stderr(boost::asio::io_context& io, test_support::ChildProcess& child,
                      std::string_view text, std::chrono::milliseconds timeout) {
  bool seen = false;
  return run_until(
      io,
      [&] {
        while (!seen) {
          std::optional<std::string> line = child.read_stderr_line(0ms);
          if (!line) break;
          seen = line->find(text) != std::string::npos;
        }
        return seen;
      },
      timeout);
}

void ChannelRecorder::attach(mcp::McpChannel& channel) {
  channel.set_message_handler(
      [this](rapidjson::Document message) { messages.push_back(std::move(message)); });
  channel.set_closed_handler([this](const Error& reason) {
    closed = reason;
    ++closed_calls;
  });
}

const rapidjson::Document* ChannelRecorder::answer(std::string_view id) const {
  for (const auto& message : messages) {
    const mcp::MessageShape shape = mcp::classify(message);
    if (shape.type == mcp::MessageType::kResponse && shape.id == id) return &message;
  }
  return nullptr;
}

std::optional<mcp::JsonRpcResult> initialize(boost::asio::io_context& io,
                                             mcp::McpChannel& channel) {
  std::optional<mcp::JsonRpcResult> result;
  channel.initialize(5s,
                     [&result](mcp::JsonRpcResult answer) { result.emplace(std::move(answer)); });
  run_until(io, [&result] { return result.has_value(); });
  return result;
}

std::string http_answer(int status, std::string_view content_type, std::string_view body,
                        std::string_view extra_headers) {
  std::string answer = "HTTP/1.1 " + std::to_string(status) + " Whatever\r\n";
  if (!content_type.empty()) answer.append("Content-Type: ").append(content_type).append("\r\n");
  answer.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  answer.append(extra_headers).append("\r\n").append(body);
  return answer;
}

std::string event_chunk(std::string_view event, std::string_view data, std::string_view id) {
  std::string text;
  if (!id.empty()) text.append("id: ").append(id).append("\n");
  text.append("event: ").append(event).append("\ndata: ").append(data).append("\n\n");
  return front::testing::chunk(text);
}

std::string id_of(std::string_view body) {
  auto message = mcp::parse_message(body);
  return message ? mcp::classify(*message).id : "";
}

std::string method_of(std::string_view body) {
  auto message = mcp::parse_message(body);
  if (!message || !message->IsObject()) return "";
  return std::string(mcp::string_member(*message, "method").value_or(""));
}

std::string string_at(const rapidjson::Value& message, const char* pointer) {
  const rapidjson::Value* value = rapidjson::Pointer(pointer).Get(message);
  return value != nullptr && value->IsString() ? value->GetString() : "";
}

}  // namespace berth::proxy::testing
