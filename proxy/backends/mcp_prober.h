#pragma once
// McpProber: the proxy's implementation of reconciler::Prober, an MCP handshake per probe.
//
// - stdio: through the container's one attach stream (AttachChannels). The first successful probe
//   of a stream performs `initialize` + `notifications/initialized` and the backend keeps the
//   result; later probes send `ping`. Success = a JSON-RPC result within the timeout.
// - streamable-http: StreamableHttpProbe (on 127.0.0.1:<host_port> only), `server/discover` first
//   (the modern era's, given half the timeout), falling back to `initialize` (with the time
//   left) when the answer is not a modern one (a legacy server's 4xx or JSON-RPC error) or none
//   came. The era found is kept per container run (the container id): later probes
//   of that run send only what it answered, and forget() drops it with the container.
//   A server that answers neither is unhealthy, with the initialize probe's error.
// - sse: SseProbe (legacy, by transport).
// Each successful probe reports the server's era to `on_era` (stdio and sse servers are legacy:
// berth holds an initialize session with them), for /status.
//
// Thread safety: probe() and forget() may be called from any thread (the reconciler's); they post
// the work to the proxy's io_context and return at once. `done` is called exactly once, on the
// io_context's thread, no later than the timeout plus scheduling delay; if the io_context is
// destroyed with the probe still pending, `done` gets an error then. The prober and the
// AttachChannels it uses must outlive the io_context's run.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "proxy/backends/attach_channels.h"
#include "proxy/mcp/modern_era.h"
#include "reconciler/handoff/prober.h"

namespace berth::proxy {

class McpProber : public reconciler::Prober {
 public:
  // Told the era of a server each time a probe of it succeeds, on the io thread.
  using EraListener = std::function<void(const std::string& server, mcp::ServerEra era)>;

  // `backends` lives on `io` (see AttachChannels).
  McpProber(boost::asio::io_context& io, AttachChannels& backends, EraListener on_era = {})
      : io_(io), backends_(backends), on_era_(std::move(on_era)) {}

  void probe(const reconciler::ProbeTarget& target, std::function<void(Status)> done) override;
  void forget(const std::string& container_id) override;

 private:
  class Completion;

  void probe_stdio(const reconciler::ProbeTarget& target, std::shared_ptr<Completion> completion);
  void probe_http(const reconciler::ProbeTarget& target, std::shared_ptr<Completion> completion);
  // The probe of `target` succeeded: its server is of `era`.
  void found_era(const reconciler::ProbeTarget& target, mcp::ServerEra era);

  boost::asio::io_context& io_;
  AttachChannels& backends_;
  EraListener on_era_;
  // The era of each Streamable HTTP container run probed so far, by container id. Only on the
  // io thread (probe() and forget() post there).
  std::map<std::string, mcp::ServerEra> eras_;
};

}  // namespace berth::proxy
