#pragma once
// ChannelSource: the front's one way to get an mcp::McpChannel for a server, so that the fronts
// can be tested with a scripted channel and no container. BackendChannels (backend_channels.h) is
// the production source: the attach stream of a stdio container, or a session of berth's own on
// an HTTP or SSE server's published port.
//
// A front asks for a channel when it binds to a route's container and hands it back with
// retire() once it is done with it (replaced and drained, or the server gone); the source decides
// what retiring means (an HTTP or SSE session is closed, an attach stream stays, shared with the
// prober). Lives on the proxy's io_context, like the channels; not thread-safe.

#include <memory>

#include "proxy/mcp/mcp_channel.h"
#include "reconciler/handoff/route_table.h"

namespace berth::proxy::front {

class ChannelSource {
 public:
  virtual ~ChannelSource() = default;
  // The channel to the route's container, opened or opening (messages queue meanwhile). Never
  // null.
  [[nodiscard]] virtual std::shared_ptr<mcp::McpChannel> open(const reconciler::Route& route) = 0;
  // The front is done with `channel` (one open() gave it).
  virtual void retire(const std::shared_ptr<mcp::McpChannel>& channel) = 0;
};

}  // namespace berth::proxy::front
