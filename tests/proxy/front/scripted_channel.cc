#include "tests/proxy/front/scripted_channel.h"

#include <rapidjson/document.h>

#include <boost/asio/post.hpp>

#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::front::testing {
namespace {

rapidjson::Document parse(std::string_view json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  return document;
}

}  // namespace

void ScriptedChannel::send(std::string message) {
  if (closed_) return;
  sent_.push_back(message);
  if (!options_.script) return;
  for (std::string& reply : options_.script(message)) {
    boost::asio::post(io_, [this, alive = std::weak_ptr<int>(alive_), reply = std::move(reply)] {
      if (alive.expired() || closed_ || !on_message_) return;
      if (auto parsed = mcp::parse_json(reply)) on_message_(std::move(parsed).value());
    });
  }
}

void ScriptedChannel::initialize(std::chrono::milliseconds, mcp::ResponseHandler handler) {
  ++handshakes_asked_;
  held_.push_back(std::move(handler));
  if (!options_.hold_handshake) answer_handshake();
}

void ScriptedChannel::answer_handshake() {
  for (mcp::ResponseHandler& handler : std::exchange(held_, {})) {
    boost::asio::post(io_, [handler = std::move(handler), result = options_.init_result] {
      handler(mcp::JsonRpcResult(parse(result)));
    });
  }
}

void ScriptedChannel::fail_handshake(const std::string& reason) {
  for (mcp::ResponseHandler& handler : std::exchange(held_, {})) {
    boost::asio::post(io_, [handler = std::move(handler), reason] { handler(Error{reason}); });
  }
}

void ScriptedChannel::from_server(std::string_view json) {
  if (on_message_) on_message_(parse(json));
}

std::vector<std::string> ScriptedChannel::sent_with(std::string_view needle) const {
  std::vector<std::string> found;
  for (const std::string& message : sent_) {
    if (message.find(needle) != std::string::npos) found.push_back(message);
  }
  return found;
}

void ScriptedChannel::close() {
  if (closed_) return;
  closed_ = true;
  fail_handshake("closed");
  if (auto handler = std::exchange(on_closed_, nullptr)) handler(Error{"closed by the test"});
}

ScriptedChannel::Script answer_every_request(std::string result) {
  return [result = std::move(result)](const std::string& message) -> std::vector<std::string> {
    auto parsed = mcp::parse_json(message);
    if (!parsed) return {};
    mcp::MessageShape shape = mcp::classify(*parsed);
    if (shape.type != mcp::MessageType::kRequest) return {};
    return {mcp::result_response(shape.id, result)};
  };
}

}  // namespace berth::proxy::front::testing
