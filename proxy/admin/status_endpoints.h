#pragma once
// The proxy's read-only endpoints, answered from the reconciler's status snapshot (one snapshot
// per request; nothing here changes state):
//   GET /healthz        200 "ok" while the process serves
//   GET /readyz         200 when Docker is reachable and the first reconcile is done, else 503
//   GET /status         every server and the spec errors in force (see status_json.h)
//   GET /status/{name}  one server with its last events; 404 for an unknown name
// With a ProxyMetrics registry, each server in /status and /status/{name} also has "calls";
// without one (null) the field is left out.
//   GET /               the read-only dashboard page (no data in it: its script reads /status)
// HEAD is allowed wherever GET is; other methods get 405.
//
// Ownership: `source` and `metrics` (if given) must outlive the router. Thread safety: handlers
// run on any connection strand and only call source.status() and read the registry, both safe
// from any thread.

#include "proxy/admin/metrics.h"
#include "proxy/http/router.h"
#include "reconciler/handoff/server_status.h"

namespace berth::proxy::admin {

void add_status_endpoints(http::Router& router, const reconciler::StatusSource& source,
                          const ProxyMetrics* metrics = nullptr);

}  // namespace berth::proxy::admin
