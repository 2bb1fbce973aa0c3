#pragma once
// GET /metrics: the Prometheus text format (0.0.4) of the proxy's request metrics (ProxyMetrics)
// and of the reconciler's status snapshot taken at scrape time:
//   berth_server_ready{server}               gauge, 1 when the server is Ready, else 0
//   berth_server_restarts_total{server}      counter, restarts the reconciler has counted
//   berth_server_phase{server,phase}         gauge, 1 for the current phase and 0 for the other
//                                            five (Pending Starting Ready Unhealthy BackOff
//                                            Terminating)
//   berth_docker_reachable                   gauge, 1 when the Docker daemon answers
//   berth_spec_errors                        gauge, spec errors now in force
// HEAD is allowed as for every GET route; other methods get 405. Like every route but /healthz
// and /readyz, /metrics needs the bearer token when one is set.
//
// Ownership: `source` and `metrics` must outlive the router. Thread safety: the handler runs on
// any connection strand and only reads the snapshot and the registry, both safe from any thread.

#include <string>

#include "proxy/admin/metrics.h"
#include "proxy/admin/prometheus_text.h"
#include "proxy/http/router.h"
#include "reconciler/handoff/server_status.h"

namespace berth::proxy::admin {

void add_metrics_endpoint(http::Router& router, const reconciler::StatusSource& source,
                          const ProxyMetrics& metrics);

// The whole /metrics body. Pure but for reading the registry (and its session-count callback).
[[nodiscard]] std::string metrics_text(const ProxyMetrics& metrics,
                                       const reconciler::StatusSnapshot& snapshot);

// The families taken from the status snapshot (the list above).
void write_status_metrics(PrometheusText& text, const reconciler::StatusSnapshot& snapshot);

}  // namespace berth::proxy::admin
