#pragma once
// McpProber: the proxy's implementation of reconciler::Prober, an MCP handshake per probe.
//
// - stdio: through the container's one attach stream (AttachChannels). The first successful probe
//   of a stream performs `initialize` + `notifications/initialized` and the backend keeps the
//   result; later probes send `ping`. Success = a JSON-RPC result within the timeout.
// - streamable-http: StreamableHttpProbe; sse: SseProbe (both on 127.0.0.1:<host_port> only).
//
// Thread safety: probe() and forget() may be called from any thread (the reconciler's); they post
// the work to the proxy's io_context and return at once. `done` is called exactly once, on the
// io_context's thread, no later than the timeout plus scheduling delay; if the io_context is
// destroyed with the probe still pending, `done` gets an error then. The prober and the
// AttachChannels it uses must outlive the io_context's run.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>

#include "proxy/backends/attach_channels.h"
#include "reconciler/handoff/prober.h"

namespace berth::proxy {

class McpProber : public reconciler::Prober {
 public:
  // `backends` lives on `io` (see AttachChannels).
  McpProber(boost::asio::io_context& io, AttachChannels& backends) : io_(io), backends_(backends) {}

  void probe(const reconciler::ProbeTarget& target, std::function<void(Status)> done) override;
  void forget(const std::string& container_id) override;

 private:
  class Completion;

  void probe_stdio(const reconciler::ProbeTarget& target, std::shared_ptr<Completion> completion);

  boost::asio::io_context& io_;
  AttachChannels& backends_;
};

}  // namespace berth::proxy
