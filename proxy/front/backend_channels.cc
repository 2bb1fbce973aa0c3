#include "proxy/front/backend_channels.h"

#include <utility>

namespace berth::proxy::front {

BackendChannels::BackendChannels(boost::asio::io_context& io, AttachChannels& attach,
                                 BackendChannelsOptions options)
    : io_(io), attach_(attach), options_(std::move(options)) {}

BackendChannels::~BackendChannels() {
  for (const auto& channel : std::exchange(owned_, {})) channel->close();
}

std::shared_ptr<mcp::McpChannel> BackendChannels::open(const reconciler::Route& route) {
  if (route.transport == specs::TransportType::kStdio) {
    return attach_.get(route.container_id, route.server);
  }
  std::shared_ptr<mcp::McpChannel> channel;
  if (route.transport == specs::TransportType::kStreamableHttp) {
    auto http = HttpChannel::create(io_, route.server, route.container_id, route.host_port,
                                    route.path, options_.http);
    http->open();
    channel = std::move(http);
  } else {
    auto sse = SseChannel::create(io_, route.server, route.container_id, route.host_port,
                                  route.path, options_.sse);
    sse->open();
    channel = std::move(sse);
  }
  owned_.insert(channel);
  return channel;
}

void BackendChannels::retire(const std::shared_ptr<mcp::McpChannel>& channel) {
  // An attach stream stays open: AttachChannels shares it with the prober until the container
  // goes. An HTTP or SSE session is berth's alone.
  if (owned_.erase(channel) > 0) channel->close();
}

}  // namespace berth::proxy::front
