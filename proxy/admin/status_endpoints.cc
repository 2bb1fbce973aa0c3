#include "proxy/admin/status_endpoints.h"

#include <algorithm>
#include <memory>

#include "proxy/admin/dashboard_page.h"
#include "proxy/admin/status_json.h"
#include "proxy/http/exchange.h"
#include "proxy/http/json_writer.h"
#include "proxy/http/responses.h"

namespace berth::proxy::admin {

namespace {

using SnapshotPtr = std::shared_ptr<const reconciler::StatusSnapshot>;

// The current snapshot; an empty one before the reconciler has published any.
SnapshotPtr snapshot_of(const reconciler::StatusSource& source) {
  SnapshotPtr snapshot = source.status();
  return snapshot ? snapshot : std::make_shared<const reconciler::StatusSnapshot>();
}

http::Response readyz(const reconciler::StatusSnapshot& snapshot) {
  if (snapshot.docker_reachable && snapshot.synced) {
    http::Response response = http::make_text_response(http::HttpStatus::ok, "ok");
    response.set(http::beast_http::field::cache_control, "no-store");
    return response;
  }
  http::JsonWriter json;
  json.start_object();
  json.bool_field("ready", false);
  json.string_field("reason", !snapshot.docker_reachable ? "the Docker daemon is not reachable"
                                                         : "the first reconcile has not finished");
  json.end_object();
  return http::make_json_response(http::HttpStatus::service_unavailable, json.str());
}

http::Response server_status(const reconciler::StatusSnapshot& snapshot, std::string_view name,
                             const ProxyMetrics* metrics) {
  auto it = std::find_if(snapshot.servers.begin(), snapshot.servers.end(),
                         [name](const reconciler::ServerStatus& s) { return s.name == name; });
  if (it == snapshot.servers.end()) {
    return http::make_error_response(http::HttpStatus::not_found,
                                     "no server named '" + std::string(name) + "'");
  }
  return http::make_json_response(http::HttpStatus::ok, server_status_json(*it, metrics));
}

http::Response dashboard() {
  http::Response response = http::make_text_response(
      http::HttpStatus::ok, std::string(dashboard_html()), http::kHtmlType);
  response.set(http::beast_http::field::cache_control, "no-store");
  // Inline script and style only; it may fetch nothing but this server, and never be framed.
  response.set("Content-Security-Policy",
               "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'");
  response.set("Referrer-Policy", "no-referrer");
  return response;
}

}  // namespace

void add_status_endpoints(http::Router& router, const reconciler::StatusSource& source,
                          const ProxyMetrics* metrics) {
  const reconciler::StatusSource* status = &source;
  router.add(http::Verb::get, "/healthz", [](std::shared_ptr<http::Exchange> exchange) {
    http::Response response = http::make_text_response(http::HttpStatus::ok, "ok");
    response.set(http::beast_http::field::cache_control, "no-store");
    exchange->respond(std::move(response));
  });
  router.add(http::Verb::get, "/readyz", [status](std::shared_ptr<http::Exchange> exchange) {
    exchange->respond(readyz(*snapshot_of(*status)));
  });
  router.add(http::Verb::get, "/status",
             [status, metrics](std::shared_ptr<http::Exchange> exchange) {
               exchange->respond(http::make_json_response(
                   http::HttpStatus::ok, status_json(*snapshot_of(*status), metrics)));
             });
  router.add(
      http::Verb::get, "/status/{name}",
      [status, metrics](std::shared_ptr<http::Exchange> exchange) {
        exchange->respond(server_status(*snapshot_of(*status), exchange->param("name"), metrics));
      });
  router.add(http::Verb::get, "/",
             [](std::shared_ptr<http::Exchange> exchange) { exchange->respond(dashboard()); });
}

}  // namespace berth::proxy::admin
