#include "proxy/backends/mcp_prober.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

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
        return probe_http(target, std::move(completion));
      case specs::TransportType::kSse:
        return SseProbe::run(io_, target.host_port, target.path, target.timeout,
                             [this, target, finish](Status status) {
                               if (status) found_era(target, mcp::ServerEra::kLegacy);
                               finish(std::move(status));
                             });
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
  auto finish = [this, target, completion, guard](mcp::JsonRpcResult result) {
    guard->cancel();
    if (!result) return (*completion)(result.error_value());
    found_era(target, mcp::ServerEra::kLegacy);
    (*completion)(ok_status());
  };
  auto backend = backends_.get(target.container_id, target.server);
  if (backend->initialize_result()) {
    return backend->send_request("ping", "{}", target.timeout, std::move(finish));
  }
  backend->initialize(target.timeout, std::move(finish));
}

void McpProber::probe_http(const reconciler::ProbeTarget& target,
                           std::shared_ptr<Completion> completion) {
  using Message = StreamableHttpProbe::Message;
  const auto known = eras_.find(target.container_id);
  const bool legacy = known != eras_.end() && known->second == mcp::ServerEra::kLegacy;
  const auto deadline = std::chrono::steady_clock::now() + target.timeout;
  auto initialize = [this, target, completion, deadline] {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return (*completion)(Error{"no answer to the probe in time"});
    StreamableHttpProbe::run(io_, target.host_port, target.path, Message::kInitialize, left,
                             [this, target, completion](Result<mcp::ServerEra> era) {
                               if (!era) return (*completion)(era.error_value());
                               found_era(target, *era);
                               (*completion)(ok_status());
                             });
  };
  if (legacy) return initialize();
  // Half the time for discover: a legacy server that never answers it still gets its initialize.
  StreamableHttpProbe::run(io_, target.host_port, target.path, Message::kDiscover,
                           target.timeout / 2,
                           [this, target, completion, initialize](Result<mcp::ServerEra> era) {
                             if (!era || *era == mcp::ServerEra::kLegacy)
                               return initialize();  // the fallback
                             found_era(target, *era);
                             (*completion)(ok_status());
                           });
}

void McpProber::found_era(const reconciler::ProbeTarget& target, mcp::ServerEra era) {
  if (target.transport == specs::TransportType::kStreamableHttp && !target.container_id.empty()) {
    eras_[target.container_id] = era;
  }
  if (on_era_) on_era_(target.server, era);
}

void McpProber::forget(const std::string& container_id) {
  boost::asio::post(io_, [this, container_id] {
    backends_.forget(container_id);
    eras_.erase(container_id);
  });
}

}  // namespace berth::proxy
