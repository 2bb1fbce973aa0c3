#include "proxy/http/status_endpoints.h"

#include <algorithm>
#include <memory>

#include "proxy/http/dashboard_page.h"
#include "proxy/http/exchange.h"
#include "proxy/http/json_writer.h"
#include "proxy/http/responses.h"
#include "proxy/http/status_json.h"

namespace berth::proxy::http {

namespace {

using SnapshotPtr = std::shared_ptr<const reconciler::StatusSnapshot>;

// The current snapshot; an empty one before the reconciler has published any.
SnapshotPtr snapshot_of(const reconciler::StatusSource& source) {
  SnapshotPtr snapshot = source.status();
  return snapshot ? snapshot : std::make_shared<const reconciler::StatusSnapshot>();
}

Response readyz(const reconciler::StatusSnapshot& snapshot) {
  if (snapshot.docker_reachable && snapshot.synced) {
    Response response = make_text_response(HttpStatus::ok, "ok");
    response.set(beast_http::field::cache_control, "no-store");
    return response;
  }
  JsonWriter json;
  json.start_object();
  json.bool_field("ready", false);
  json.string_field("reason", !snapshot.docker_reachable ? "the Docker daemon is not reachable"
                                                         : "the first reconcile has not finished");
  json.end_object();
  return make_json_response(HttpStatus::service_unavailable, json.str());
}

Response server_status(const reconciler::StatusSnapshot& snapshot, std::string_view name,
                       const ProxyMetrics* metrics) {
  auto it = std::find_if(snapshot.servers.begin(), snapshot.servers.end(),
                         [name](const reconciler::ServerStatus& s) { return s.name == name; });
  if (it == snapshot.servers.end()) {
    return make_error_response(HttpStatus::not_found,
                               "no server named '" + std::string(name) + "'");
  }
  return make_json_response(HttpStatus::ok, server_status_json(*it, metrics));
}

Response dashboard() {
  Response response = make_text_response(HttpStatus::ok, std::string(dashboard_html()), kHtmlType);
  response.set(beast_http::field::cache_control, "no-store");
  // Inline script and style only; it may fetch nothing but this server, and never be framed.
  response.set("Content-Security-Policy",
               "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'");
  response.set("Referrer-Policy", "no-referrer");
  return response;
}

}  // namespace

void add_status_endpoints(Router& router, const reconciler::StatusSource& source,
                          const ProxyMetrics* metrics) {
  const reconciler::StatusSource* status = &source;
  router.add(Verb::get, "/healthz", [](std::shared_ptr<Exchange> exchange) {
    Response response = make_text_response(HttpStatus::ok, "ok");
    response.set(beast_http::field::cache_control, "no-store");
    exchange->respond(std::move(response));
  });
  router.add(Verb::get, "/readyz", [status](std::shared_ptr<Exchange> exchange) {
    exchange->respond(readyz(*snapshot_of(*status)));
  });
  router.add(Verb::get, "/status", [status, metrics](std::shared_ptr<Exchange> exchange) {
    exchange->respond(
        make_json_response(HttpStatus::ok, status_json(*snapshot_of(*status), metrics)));
  });
  router.add(Verb::get, "/status/{name}", [status, metrics](std::shared_ptr<Exchange> exchange) {
    exchange->respond(server_status(*snapshot_of(*status), exchange->param("name"), metrics));
  });
  router.add(Verb::get, "/",
             [](std::shared_ptr<Exchange> exchange) { exchange->respond(dashboard()); });
}

}  // namespace berth::proxy::http
