#include "proxy/admin/metrics_endpoint.h"

#include <cstdint>
#include <memory>

#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"

namespace berth::proxy::admin {

namespace {

using reconciler::Phase;

constexpr Phase kPhases[] = {Phase::kPending,   Phase::kStarting, Phase::kReady,
                             Phase::kUnhealthy, Phase::kBackOff,  Phase::kTerminating};

std::uint64_t flag(bool value) { return value ? 1 : 0; }

void write_ready(PrometheusText& text, const reconciler::StatusSnapshot& snapshot) {
  text.family("berth_server_ready", "gauge", "1 when the server is Ready, else 0.");
  for (const reconciler::ServerStatus& server : snapshot.servers) {
    text.sample("berth_server_ready", {{"server", server.name}}, flag(server.ready));
  }
}

void write_restarts(PrometheusText& text, const reconciler::StatusSnapshot& snapshot) {
  text.family("berth_server_restarts_total", "counter",
              "Restarts of the server's container counted by the reconciler.");
  for (const reconciler::ServerStatus& server : snapshot.servers) {
    auto restarts = static_cast<std::uint64_t>(server.restarts < 0 ? 0 : server.restarts);
    text.sample("berth_server_restarts_total", {{"server", server.name}}, restarts);
  }
}

void write_phases(PrometheusText& text, const reconciler::StatusSnapshot& snapshot) {
  text.family("berth_server_phase", "gauge",
              "1 for the server's current phase, 0 for the other phases.");
  for (const reconciler::ServerStatus& server : snapshot.servers) {
    for (Phase phase : kPhases) {
      text.sample("berth_server_phase",
                  {{"server", server.name}, {"phase", reconciler::to_string(phase)}},
                  flag(server.phase == phase));
    }
  }
}

}  // namespace

void write_status_metrics(PrometheusText& text, const reconciler::StatusSnapshot& snapshot) {
  write_ready(text, snapshot);
  write_restarts(text, snapshot);
  write_phases(text, snapshot);
  text.family("berth_docker_reachable", "gauge", "1 when the Docker daemon is reachable.");
  text.sample("berth_docker_reachable", {}, flag(snapshot.docker_reachable));
  text.family("berth_spec_errors", "gauge", "Spec errors now in force.");
  text.sample("berth_spec_errors", {}, static_cast<std::uint64_t>(snapshot.errors.size()));
}

std::string metrics_text(const ProxyMetrics& metrics, const reconciler::StatusSnapshot& snapshot) {
  PrometheusText text;
  metrics.write(text);
  write_status_metrics(text, snapshot);
  return text.str();
}

void add_metrics_endpoint(http::Router& router, const reconciler::StatusSource& source,
                          const ProxyMetrics& metrics) {
  router.add(http::Verb::get, "/metrics",
             [status = &source, registry = &metrics](std::shared_ptr<http::Exchange> exchange) {
               auto snapshot = status->status();
               if (!snapshot) snapshot = std::make_shared<const reconciler::StatusSnapshot>();
               http::Response response = http::make_text_response(
                   http::HttpStatus::ok, metrics_text(*registry, *snapshot), kPrometheusTextType);
               response.set(http::beast_http::field::cache_control, "no-store");
               exchange->respond(std::move(response));
             });
}

}  // namespace berth::proxy::admin
