#pragma once
// ProxyMetrics: the request-path metrics of the proxy's HTTP server, per MCP server name, for
// GET /metrics (see metrics_endpoint.h) and the "calls" and "era" of /status:
//   berth_requests_total{server,method,code}      counter: answers to /mcp/{name}… and
//                                                  /sse/{name}… requests, by HTTP method and
//                                                  status
//   berth_request_duration_seconds{server}        histogram: from the request having been read
//                                                  to its response head being handed to the
//                                                  socket (for a streamed answer: to its head)
//   berth_sessions{server}                        gauge: live client sessions, asked of the
//                                                  session-count callback at scrape time; absent
//                                                  while no callback is set
// It is the HTTP server's RequestRecorder: HttpConnection records every answer it finishes a
// head for (see proxy/http/request_recorder.h), so no handler can forget.
//
// The server label comes from the request path, so clients choose it: to bound memory and
// series, at most `max_servers` names get series of their own; requests for further names are
// counted under server="_other" (real server names are DNS labels and never contain '_').
//
// Ownership: shared by the HttpServer that records (shared_ptr, since its connections may
// outlive it) and the endpoints that read it (by reference; the registry must outlive the
// router). Thread safety: every member may be called from any thread. record() takes one mutex
// for a map lookup and a few increments; scrapes copy the data under that mutex and format
// outside it. The session-count callback is called outside the mutex, on the thread that serves
// /metrics (the proxy's io_context), so it may read state that lives on that thread.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/mutex.h"
#include "proxy/admin/prometheus_text.h"
#include "proxy/http/request_recorder.h"

namespace berth::proxy::admin {

// Upper bounds (seconds) of the duration histogram's buckets, besides +Inf.
inline constexpr std::array<double, 15> kDurationBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

class ProxyMetrics : public http::RequestRecorder {
 public:
  // Live client sessions by server name.
  using SessionCounts = std::function<std::map<std::string, std::size_t>()>;

  static constexpr std::size_t kDefaultMaxServers = 256;
  static constexpr std::string_view kOtherServer = "_other";

  explicit ProxyMetrics(std::size_t max_servers = kDefaultMaxServers);
  ProxyMetrics(const ProxyMetrics&) = delete;
  ProxyMetrics& operator=(const ProxyMetrics&) = delete;

  // One answer to a request for `server`, `elapsed` after the request was read.
  void record(std::string_view server, http::Verb method, unsigned code,
              std::chrono::steady_clock::duration elapsed) override EXCLUDES(mutex_);

  // Sets (or, with an empty function, clears) the source of berth_sessions. The callback must
  // not throw and must not call back into this registry.
  void set_session_counts(SessionCounts counts) EXCLUDES(mutex_);

  // The protocol era of `server` ("legacy" or "modern"), as its last successful probe found it.
  void set_era(const std::string& server, std::string_view era) EXCLUDES(mutex_);
  // Each server's era, by name (servers never probed successfully are absent).
  [[nodiscard]] std::map<std::string, std::string> eras_by_server() const EXCLUDES(mutex_);

  // The total of berth_requests_total per server: its "calls".
  [[nodiscard]] std::map<std::string, std::uint64_t> calls_by_server() const EXCLUDES(mutex_);

  // Writes the three families above (HELP and TYPE always; berth_sessions only with a callback).
  void write(PrometheusText& text) const EXCLUDES(mutex_);

 private:
  struct ServerSeries {
    std::map<std::pair<http::Verb, unsigned>, std::uint64_t> requests;  // by (method, code)
    // Not cumulative: buckets[i] counts durations in (bound[i-1], bound[i]]; the last slot
    // counts those above every bound.
    std::array<std::uint64_t, kDurationBuckets.size() + 1> buckets{};
    std::uint64_t count = 0;
    std::chrono::nanoseconds sum{0};
  };
  using SeriesMap = std::map<std::string, ServerSeries, std::less<>>;

  ServerSeries& series_for(std::string_view server) REQUIRES(mutex_);

  static void write_requests(PrometheusText& text, const SeriesMap& servers);
  static void write_durations(PrometheusText& text, const SeriesMap& servers);
  static void write_sessions(PrometheusText& text, const SessionCounts& counts);

  const std::size_t max_servers_;
  mutable Mutex mutex_;
  SeriesMap servers_ GUARDED_BY(mutex_);
  SessionCounts session_counts_ GUARDED_BY(mutex_);
  bool warned_over_cap_ GUARDED_BY(mutex_) = false;
  // Keyed by the names of servers berth probed (spec names, not client input): bounded by the
  // specs.
  std::map<std::string, std::string> eras_ GUARDED_BY(mutex_);
};

}  // namespace berth::proxy::admin
