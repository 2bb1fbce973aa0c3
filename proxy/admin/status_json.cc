#include "proxy/admin/status_json.h"

#include <cstdio>
#include <ctime>
#include <map>
#include <optional>

#include "proxy/http/json_writer.h"

namespace berth::proxy::admin {

namespace {

// What the proxy knows of a server beside the reconciler's status; nullopt leaves a field out.
struct ProxyFields {
  std::optional<std::uint64_t> calls;
  std::optional<std::string> era;
};

ProxyFields proxy_fields(const ProxyMetrics* metrics, const std::string& server,
                         const std::map<std::string, std::uint64_t>& calls,
                         const std::map<std::string, std::string>& eras) {
  if (metrics == nullptr) return {};
  auto call = calls.find(server);
  auto era = eras.find(server);
  return {call == calls.end() ? 0 : call->second,
          era == eras.end() ? std::string("unknown") : era->second};
}

void write_server_fields(http::JsonWriter& json, const reconciler::ServerStatus& server,
                         const ProxyFields& proxy) {
  json.string_field("name", server.name);
  json.string_field("phase", reconciler::to_string(server.phase));
  json.bool_field("ready", server.ready);
  json.string_field("transport", specs::to_string(server.transport));
  if (proxy.era) json.string_field("era", *proxy.era);
  json.string_field("route", server.route);
  json.string_field("image", server.image);
  json.string_field("containerId", server.container_id);
  json.string_field("specHash", server.spec_hash);
  json.int_field("restarts", server.restarts);
  if (proxy.calls) json.int_field("calls", static_cast<std::int64_t>(*proxy.calls));
  json.string_field("lastError", server.last_error);
  json.string_field("source", server.source);
  json.string_field("since", rfc3339_utc(server.since));
}

void write_events(http::JsonWriter& json, const std::deque<reconciler::ServerEvent>& events) {
  json.key("events");
  json.start_array();
  std::size_t skip = events.size() > kMaxEvents ? events.size() - kMaxEvents : 0;
  for (auto it = events.begin() + static_cast<std::ptrdiff_t>(skip); it != events.end(); ++it) {
    json.start_object();
    json.string_field("time", rfc3339_utc(it->time));
    json.string_field("kind", it->kind);
    json.string_field("message", it->message);
    json.end_object();
  }
  json.end_array();
}

}  // namespace

std::string status_json(const reconciler::StatusSnapshot& snapshot, const ProxyMetrics* metrics) {
  std::map<std::string, std::uint64_t> calls;
  std::map<std::string, std::string> eras;
  if (metrics != nullptr) {
    calls = metrics->calls_by_server();
    eras = metrics->eras_by_server();
  }
  http::JsonWriter json;
  json.start_object();
  json.key("servers");
  json.start_array();
  for (const reconciler::ServerStatus& server : snapshot.servers) {
    json.start_object();
    write_server_fields(json, server, proxy_fields(metrics, server.name, calls, eras));
    json.end_object();
  }
  json.end_array();
  json.key("errors");
  json.start_array();
  for (const specs::SpecError& error : snapshot.errors) {
    json.start_object();
    json.string_field("file", error.file);
    json.int_field("line", error.line);
    json.int_field("column", error.column);
    json.string_field("message", error_message(error));
    json.end_object();
  }
  json.end_array();
  json.end_object();
  return json.str();
}

std::string server_status_json(const reconciler::ServerStatus& server,
                               const ProxyMetrics* metrics) {
  std::map<std::string, std::uint64_t> calls;
  std::map<std::string, std::string> eras;
  if (metrics != nullptr) {
    calls = metrics->calls_by_server();
    eras = metrics->eras_by_server();
  }
  http::JsonWriter json;
  json.start_object();
  write_server_fields(json, server, proxy_fields(metrics, server.name, calls, eras));
  write_events(json, server.events);
  json.end_object();
  return json.str();
}

std::string rfc3339_utc(reconciler::WallTime time) {
  auto ms = std::chrono::floor<std::chrono::milliseconds>(time.time_since_epoch()).count();
  auto seconds = std::chrono::floor<std::chrono::seconds>(std::chrono::milliseconds(ms));
  std::time_t whole = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms - seconds.count() * 1000));
  return text;
}

std::string error_message(const specs::SpecError& error) {
  std::string full = error.to_string();
  std::string prefix = error.file;
  if (error.line > 0) {
    prefix.append(":").append(std::to_string(error.line));
    prefix.append(":").append(std::to_string(error.column));
  }
  prefix.append(": ");
  return full.starts_with(prefix) ? full.substr(prefix.size()) : full;
}

}  // namespace berth::proxy::admin
