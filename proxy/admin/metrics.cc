#include "proxy/admin/metrics.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace berth::proxy::admin {

namespace {

constexpr std::string_view kRequests = "berth_requests_total";
constexpr std::string_view kDuration = "berth_request_duration_seconds";
constexpr std::string_view kSessions = "berth_sessions";

// The index of the first bucket whose bound is >= seconds; kDurationBuckets.size() if none.
std::size_t bucket_index(double seconds) {
  auto it = std::lower_bound(kDurationBuckets.begin(), kDurationBuckets.end(), seconds);
  return static_cast<std::size_t>(it - kDurationBuckets.begin());
}

}  // namespace

ProxyMetrics::ProxyMetrics(std::size_t max_servers) : max_servers_(max_servers) {}

void ProxyMetrics::record(std::string_view server, http::Verb method, unsigned code,
                          std::chrono::steady_clock::duration elapsed) {
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed);
  std::size_t bucket = bucket_index(std::chrono::duration<double>(nanos).count());
  MutexLock lock(mutex_);
  ServerSeries& series = series_for(server);
  ++series.requests[{method, code}];
  ++series.buckets[bucket];
  ++series.count;
  series.sum += nanos;
}

ProxyMetrics::ServerSeries& ProxyMetrics::series_for(std::string_view server) {
  if (auto it = servers_.find(server); it != servers_.end()) return it->second;
  if (servers_.size() < max_servers_) return servers_[std::string(server)];
  if (!warned_over_cap_) {
    warned_over_cap_ = true;
    spdlog::warn("event=metrics-server-cap max_servers={} label={}", max_servers_, kOtherServer);
  }
  return servers_[std::string(kOtherServer)];
}

void ProxyMetrics::set_session_counts(SessionCounts counts) {
  MutexLock lock(mutex_);
  session_counts_ = std::move(counts);
}

void ProxyMetrics::set_era(const std::string& server, std::string_view era) {
  MutexLock lock(mutex_);
  eras_[server] = std::string(era);
}

std::map<std::string, std::string> ProxyMetrics::eras_by_server() const {
  MutexLock lock(mutex_);
  return eras_;
}

std::map<std::string, std::uint64_t> ProxyMetrics::calls_by_server() const {
  std::map<std::string, std::uint64_t> calls;
  MutexLock lock(mutex_);
  for (const auto& [server, series] : servers_) calls[server] = series.count;
  return calls;
}

void ProxyMetrics::write(PrometheusText& text) const {
  SeriesMap servers;
  SessionCounts counts;
  {
    MutexLock lock(mutex_);
    servers = servers_;
    counts = session_counts_;
  }
  write_requests(text, servers);
  write_durations(text, servers);
  if (counts) write_sessions(text, counts);
}

void ProxyMetrics::write_requests(PrometheusText& text, const SeriesMap& servers) {
  text.family(kRequests, "counter",
              "HTTP requests to /mcp/{server} and /sse/{server}, by method and status code.");
  for (const auto& [server, series] : servers) {
    for (const auto& [key, value] : series.requests) {
      std::string code = std::to_string(key.second);
      text.sample(kRequests,
                  {{"server", server}, {"method", http::method_label(key.first)}, {"code", code}},
                  value);
    }
  }
}

void ProxyMetrics::write_durations(PrometheusText& text, const SeriesMap& servers) {
  text.family(kDuration, "histogram",
              "Seconds from a request having been read to its response head being written.");
  const std::string bucket_name = std::string(kDuration) + "_bucket";
  for (const auto& [server, series] : servers) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kDurationBuckets.size(); ++i) {
      cumulative += series.buckets[i];
      std::string bound = format_metric_value(kDurationBuckets[i]);
      text.sample(bucket_name, {{"server", server}, {"le", bound}}, cumulative);
    }
    text.sample(bucket_name, {{"server", server}, {"le", "+Inf"}}, series.count);
    text.sample(std::string(kDuration) + "_sum", {{"server", server}},
                std::chrono::duration<double>(series.sum).count());
    text.sample(std::string(kDuration) + "_count", {{"server", server}}, series.count);
  }
}

void ProxyMetrics::write_sessions(PrometheusText& text, const SessionCounts& counts) {
  std::map<std::string, std::size_t> sessions;
  try {
    sessions = counts();
  } catch (const std::exception& e) {
    spdlog::warn("event=session-counts-failed error=\"{}\"", e.what());
    return;
  }
  text.family(kSessions, "gauge", "Live MCP client sessions.");
  for (const auto& [server, count] : sessions) {
    text.sample(kSessions, {{"server", server}}, static_cast<std::uint64_t>(count));
  }
}

}  // namespace berth::proxy::admin
