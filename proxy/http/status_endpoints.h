#pragma once
// The proxy's read-only endpoints, answered from the reconciler's status snapshot (one snapshot
// per request; nothing here changes state):
//   GET /healthz        200 "ok" while the process serves
//   GET /readyz         200 when Docker is reachable and the first reconcile is done, else 503
//   GET /status         every server and the spec errors in force (see status_json.h)
//   GET /status/{name}  one server with its last events; 404 for an unknown name
//   GET /               the read-only dashboard page
// HEAD is allowed wherever GET is; other methods get 405.
//
// Ownership: `source` must outlive the router. Thread safety: handlers run on any connection
// strand and only call source.status(), which StatusSource makes safe from any thread.

#include "proxy/http/router.h"
#include "reconciler/server_status.h"

namespace berth::proxy::http {

void add_status_endpoints(Router& router, const reconciler::StatusSource& source);

}  // namespace berth::proxy::http
