#include "tests/proxy/front/fake_channel.h"

#include <boost/asio/post.hpp>

#include "proxy/mcp/bounded_json.h"

namespace berth::proxy::front::testing {

void FakeChannel::send(std::string message) {
  if (closed_) return;
  for (std::string& reply : responder_(message)) {
    boost::asio::post(io_, [this, reply = std::move(reply)] {
      auto parsed = mcp::parse_json(reply);
      if (!closed_ && parsed && on_message_) on_message_(std::move(parsed).value());
    });
  }
}

void FakeChannel::initialize(std::chrono::milliseconds, mcp::ResponseHandler handler) {
  boost::asio::post(io_, [handler = std::move(handler)] {
    handler(mcp::parse_json(
                R"({"protocolVersion":"2025-06-18","capabilities":{"tools":{},"logging":{}},)"
                R"("serverInfo":{"name":"fake","version":"1"}})")
                .value());
  });
}

void FakeChannel::close() {
  if (closed_) return;
  closed_ = true;
  if (auto handler = std::move(on_closed_)) handler(Error{"closed"});
}

}  // namespace berth::proxy::front::testing
