#include "proxy/backends/mcp_prober.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "proxy/backends/sse_probe.h"
#include "proxy/backends/streamable_http_probe.h"

namespace berth::proxy {

// Calls `done` exactly once: with the outcome, or with an error if it is destroyed unfinished
// (the io_context dropped the probe's handlers).
class McpProber::Completion {
 public:
  Completion(std::string server, std::function<void(Status)> done)
      : server_(std::move(server)), done_(std::move(done)) {}
  ~Completion() {
    if (done_) done_(Error{"probe of " + server_ + " abandoned: the proxy is shutting down"});
  }
  Completion(const Completion&) = delete;
  Completion& operator=(const Completion&) = delete;

  void operator()(Status status) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(status));
  }

 private:
  std::string server_;
  std::function<void(Status)> done_;
};

void McpProber::probe(const reconciler::ProbeTarget& target, std::function<void(Status)> done) {
  auto completion = std::make_shared<Completion>(target.server, std::move(done));
  boost::asio::post(io_, [this, target, completion]() mutable {
    auto finish = [completion](Status status) { (*completion)(std::move(status)); };
    switch (target.transport) {
      case specs::TransportType::kStdio:
        return probe_stdio(target, std::move(completion));
      case specs::TransportType::kStreamableHttp:
        return StreamableHttpProbe::run(io_, target.host_port, target.path, target.timeout,
                                        std::move(finish));
      case specs::TransportType::kSse:
        return SseProbe::run(io_, target.host_port, target.path, target.timeout, std::move(finish));
    }
    finish(Error{"unknown transport"});
  });
}

void McpProber::probe_stdio(const reconciler::ProbeTarget& target,
                            std::shared_ptr<Completion> completion) {
  if (target.container_id.empty()) return (*completion)(Error{"stdio probe without a container"});
  // The request has its own timeout, but an initialize shared with an earlier probe runs on that
  // probe's clock: this guard keeps each probe's own deadline.
  auto guard = std::make_shared<boost::asio::steady_timer>(io_, target.timeout);
  guard->async_wait([completion, timeout = target.timeout](boost::system::error_code ec) {
    if (!ec) (*completion)(Error{"no answer within " + std::to_string(timeout.count()) + " ms"});
  });
  auto finish = [completion, guard](mcp::JsonRpcResult result) {
    guard->cancel();
    if (result) return (*completion)(ok_status());
    (*completion)(result.error_value());
  };
  auto backend = backends_.get(target.container_id, target.server);
  if (backend->initialize_result()) {
    return backend->send_request("ping", "{}", target.timeout, std::move(finish));
  }
  backend->initialize(target.timeout, std::move(finish));
}

void McpProber::forget(const std::string& container_id) {
  boost::asio::post(io_, [this, container_id] { backends_.forget(container_id); });
}

}  // namespace berth::proxy
