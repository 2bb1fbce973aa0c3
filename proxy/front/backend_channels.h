#pragma once
// BackendChannels: the production ChannelSource. For a stdio route, the container's one attach
// stream from AttachChannels (shared with the prober, so retiring it leaves it open); for a
// legacy sse route, one HTTP+SSE session of berth's own (SseChannel); for a streamable-http route
// (served on /sse/{name}), one Streamable HTTP session of berth's own (HttpChannel). The HTTP and
// SSE channels are owned here and closed when retired, or when this source is destroyed.
//
// Borrows the io_context and AttachChannels, which must outlive it. Lives on the proxy's
// io_context; not thread-safe.

#include <boost/asio/io_context.hpp>
#include <memory>
#include <set>

#include "proxy/backends/attach_channels.h"
#include "proxy/backends/http_channel.h"
#include "proxy/backends/sse_channel.h"
#include "proxy/front/channel_source.h"

namespace berth::proxy::front {

struct BackendChannelsOptions {
  SseChannelOptions sse;
  HttpChannelOptions http;
};

class BackendChannels : public ChannelSource {
 public:
  BackendChannels(boost::asio::io_context& io, AttachChannels& attach,
                  BackendChannelsOptions options = {});
  ~BackendChannels() override;
  BackendChannels(const BackendChannels&) = delete;
  BackendChannels& operator=(const BackendChannels&) = delete;

  [[nodiscard]] std::shared_ptr<mcp::McpChannel> open(const reconciler::Route& route) override;
  void retire(const std::shared_ptr<mcp::McpChannel>& channel) override;

 private:
  boost::asio::io_context& io_;
  AttachChannels& attach_;
  const BackendChannelsOptions options_;
  std::set<std::shared_ptr<mcp::McpChannel>> owned_;  // HTTP and SSE channels in use by a front
};

}  // namespace berth::proxy::front
