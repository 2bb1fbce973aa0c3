#include "tests/proxy/front/scripted_channel.h"

#include <rapidjson/document.h>

#include <boost/asio/post.hpp>

namespace berth::proxy::front::testing {

namespace {

rapidjson::Document parse(std::string_view json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  return document;
}

}  // namespace

void ScriptedChannel::initialize(std::chrono::milliseconds, mcp::ResponseHandler handler) {
  held_.push_back(std::move(handler));
  if (!hold_handshake_) answer_handshake();
}

void ScriptedChannel::answer_handshake() {
  for (mcp::ResponseHandler& handler : std::exchange(held_, {})) {
    boost::asio::post(io_, [handler = std::move(handler)] {
      handler(mcp::JsonRpcResult(parse(kScriptedInitResult)));
    });
  }
}

void ScriptedChannel::from_server(std::string_view json) {
  if (on_message_) on_message_(parse(json));
}

void ScriptedChannel::close() {
  if (closed_) return;
  closed_ = true;
  for (mcp::ResponseHandler& handler : std::exchange(held_, {})) {
    boost::asio::post(io_, [handler = std::move(handler)] { handler(Error{"closed"}); });
  }
  if (auto handler = std::exchange(on_closed_, nullptr)) handler(Error{"closed by the test"});
}

}  // namespace berth::proxy::front::testing
