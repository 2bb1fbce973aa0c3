// ProxyMetrics and the /metrics text without sockets: which paths count, the counters and the
// histogram, the cap on server names, the session gauge, the status gauges, escaping, and the
// text as a whole read back line by line.

#include "proxy/admin/metrics.h"

#include <gtest/gtest.h>

#include <limits>

#include "proxy/admin/metrics_endpoint.h"
#include "proxy/admin/prometheus_text.h"
#include "tests/proxy/admin/exposition_parser.h"

namespace berth::proxy::admin {
namespace {

using namespace std::chrono_literals;
using testing::Exposition;
using testing::parse_exposition;

constexpr std::string_view kDuration = "berth_request_duration_seconds";

Exposition scrape(const ProxyMetrics& metrics, const reconciler::StatusSnapshot& snapshot = {}) {
  Exposition exposition = parse_exposition(metrics_text(metrics, snapshot));
  EXPECT_EQ(exposition.error, "");
  return exposition;
}

TEST(MeteredServerTest, TakesTheSecondSegmentOfMcpAndSsePaths) {
  EXPECT_EQ(http::metered_server("/mcp/x"), "x");
  EXPECT_EQ(http::metered_server("/mcp/everything/"), "everything");
  EXPECT_EQ(http::metered_server("/sse/x"), "x");
  EXPECT_EQ(http::metered_server("/sse/x/messages"), "x");
  for (std::string_view path : {"/mcp", "/mcp/", "/sse//messages", "/status", "/status/x",
                                "/metrics", "/mcpx/y", "/", "", "http://h/mcp/x"}) {
    EXPECT_EQ(http::metered_server(path), std::nullopt) << path;
  }
}

TEST(MethodLabelTest, NamesKnownMethodsAndLumpsTheRest) {
  EXPECT_EQ(http::method_label(http::Verb::post), "POST");
  EXPECT_EQ(http::method_label(http::Verb::get), "GET");
  EXPECT_EQ(http::method_label(http::Verb::delete_), "DELETE");
  EXPECT_EQ(http::method_label(http::Verb::unknown), "OTHER");
}

TEST(PrometheusTextTest, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  PrometheusText text;
  text.family("m", "gauge", "one\\two\nthree \"q\"");
  text.sample("m", {{"k", "v\"\n\\"}, {"z", ""}}, std::uint64_t{3});
  text.sample("m", {}, 0.5);
  EXPECT_EQ(text.str(),
            "# HELP m one\\\\two\\nthree \"q\"\n# TYPE m gauge\n"
            "m{k=\"v\\\"\\n\\\\\",z=\"\"} 3\nm 0.5\n");
  Exposition parsed = parse_exposition(text.str());
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.help.at("m"), "one\\two\nthree \"q\"");
  EXPECT_EQ(parsed.value("m", {{"k", "v\"\n\\"}, {"z", ""}}), 3);
}

TEST(PrometheusTextTest, FormatsValuesShortest) {
  EXPECT_EQ(format_metric_value(0.0005), "0.0005");
  EXPECT_EQ(format_metric_value(30), "30");
  EXPECT_EQ(format_metric_value(2.5), "2.5");
  EXPECT_EQ(format_metric_value(1e-7), "1e-07");
  EXPECT_EQ(format_metric_value(std::numeric_limits<double>::infinity()), "+Inf");
}

TEST(ProxyMetricsTest, CountsByServerMethodAndCode) {
  ProxyMetrics metrics;
  metrics.record("x", http::Verb::post, 200, 1ms);
  metrics.record("x", http::Verb::post, 200, 1ms);
  metrics.record("x", http::Verb::get, 200, 1ms);
  metrics.record("x", http::Verb::post, 503, 1ms);
  metrics.record("y", http::Verb::delete_, 404, 1ms);
  std::map<std::string, std::uint64_t> expected{{"x", 4}, {"y", 1}};
  EXPECT_EQ(metrics.calls_by_server(), expected);
  Exposition text = scrape(metrics);
  const std::string requests = "berth_requests_total";
  EXPECT_EQ(text.type.at(requests), "counter");
  EXPECT_EQ(text.value(requests, {{"server", "x"}, {"method", "POST"}, {"code", "200"}}), 2);
  EXPECT_EQ(text.value(requests, {{"server", "x"}, {"method", "GET"}, {"code", "200"}}), 1);
  EXPECT_EQ(text.value(requests, {{"server", "x"}, {"method", "POST"}, {"code", "503"}}), 1);
  EXPECT_EQ(text.value(requests, {{"server", "y"}, {"method", "DELETE"}, {"code", "404"}}), 1);
  EXPECT_EQ(text.matching(requests).size(), 4u);
}

TEST(ProxyMetricsTest, HistogramBucketsAreCumulativeAndInfIsTheCount) {
  ProxyMetrics metrics;
  metrics.record("x", http::Verb::post, 200, 500us);  // exactly on a bound: counted in it (le)
  metrics.record("x", http::Verb::post, 200, 600us);
  metrics.record("x", http::Verb::post, 200, 3s);
  metrics.record("x", http::Verb::post, 200, 60s);  // above every bound: +Inf only
  Exposition text = scrape(metrics);
  const std::string bucket = std::string(kDuration) + "_bucket";
  EXPECT_EQ(text.type.at(std::string(kDuration)), "histogram");
  EXPECT_EQ(text.value(bucket, {{"server", "x"}, {"le", "0.0005"}}), 1);
  EXPECT_EQ(text.value(bucket, {{"server", "x"}, {"le", "0.001"}}), 2);
  EXPECT_EQ(text.value(bucket, {{"server", "x"}, {"le", "2.5"}}), 2);
  EXPECT_EQ(text.value(bucket, {{"server", "x"}, {"le", "5"}}), 3);
  EXPECT_EQ(text.value(bucket, {{"server", "x"}, {"le", "30"}}), 3);
  EXPECT_EQ(text.value(bucket, {{"server", "x"}, {"le", "+Inf"}}), 4);
  EXPECT_EQ(text.value(std::string(kDuration) + "_count", {{"server", "x"}}), 4);
  EXPECT_NEAR(*text.value(std::string(kDuration) + "_sum", {{"server", "x"}}), 63.0011, 1e-9);

  auto buckets = text.matching(bucket, {{"server", "x"}});
  ASSERT_EQ(buckets.size(), kDurationBuckets.size() + 1);
  for (std::size_t i = 0; i < kDurationBuckets.size(); ++i) {
    EXPECT_EQ(buckets[i].labels.at("le"), format_metric_value(kDurationBuckets[i]));
    if (i > 0) {
      EXPECT_LE(buckets[i - 1].value, buckets[i].value);
    }
  }
  EXPECT_EQ(buckets.back().labels.at("le"), "+Inf");
}

TEST(ProxyMetricsTest, NamesPastTheCapShareOneSeries) {
  ProxyMetrics metrics(2);
  for (std::string_view name : {"a", "b", "c", "d", "a"})
    metrics.record(name, http::Verb::get, 404, 1ms);
  std::map<std::string, std::uint64_t> expected{{"a", 2}, {"b", 1}, {"_other", 2}};
  EXPECT_EQ(metrics.calls_by_server(), expected);
}

TEST(ProxyMetricsTest, SessionsGaugeOnlyWithACallback) {
  ProxyMetrics metrics;
  EXPECT_EQ(scrape(metrics).type.count("berth_sessions"), 0u);
  metrics.set_session_counts([] { return std::map<std::string, std::size_t>{{"x", 3}, {"y", 0}}; });
  Exposition text = scrape(metrics);
  EXPECT_EQ(text.type.at("berth_sessions"), "gauge");
  EXPECT_EQ(text.value("berth_sessions", {{"server", "x"}}), 3);
  EXPECT_EQ(text.value("berth_sessions", {{"server", "y"}}), 0);
  metrics.set_session_counts({});
  EXPECT_EQ(scrape(metrics).type.count("berth_sessions"), 0u);
}

reconciler::ServerStatus server_in(std::string name, reconciler::Phase phase, int restarts) {
  reconciler::ServerStatus server;
  server.name = std::move(name);
  server.phase = phase;
  server.ready = phase == reconciler::Phase::kReady;
  server.restarts = restarts;
  return server;
}

TEST(StatusMetricsTest, GaugesFromTheSnapshot) {
  reconciler::StatusSnapshot snapshot;
  snapshot.servers = {server_in("a", reconciler::Phase::kReady, 3),
                      server_in("b", reconciler::Phase::kBackOff, 0)};
  snapshot.docker_reachable = true;
  snapshot.errors = {{"x.yaml", 1, 1, "", "bad"}, {"y.yaml", 0, 0, "", "unreadable"}};
  Exposition text = scrape(ProxyMetrics(), snapshot);
  EXPECT_EQ(text.value("berth_server_ready", {{"server", "a"}}), 1);
  EXPECT_EQ(text.value("berth_server_ready", {{"server", "b"}}), 0);
  EXPECT_EQ(text.type.at("berth_server_restarts_total"), "counter");
  EXPECT_EQ(text.value("berth_server_restarts_total", {{"server", "a"}}), 3);
  EXPECT_EQ(text.value("berth_server_restarts_total", {{"server", "b"}}), 0);
  for (const char* phase :
       {"Pending", "Starting", "Ready", "Unhealthy", "BackOff", "Terminating"}) {
    std::string p = phase;
    EXPECT_EQ(text.value("berth_server_phase", {{"server", "a"}, {"phase", p}}),
              p == "Ready" ? 1.0 : 0.0);
    EXPECT_EQ(text.value("berth_server_phase", {{"server", "b"}, {"phase", p}}),
              p == "BackOff" ? 1.0 : 0.0);
  }
  EXPECT_EQ(text.matching("berth_server_phase").size(), 12u);
  EXPECT_EQ(text.value("berth_docker_reachable"), 1);
  EXPECT_EQ(text.value("berth_spec_errors"), 2);

  Exposition empty = scrape(ProxyMetrics(), reconciler::StatusSnapshot{});
  EXPECT_EQ(empty.value("berth_docker_reachable"), 0);
  EXPECT_EQ(empty.value("berth_spec_errors"), 0);
  EXPECT_TRUE(empty.matching("berth_server_phase").empty());
}

TEST(StatusMetricsTest, LabelValuesAreEscaped) {
  reconciler::StatusSnapshot snapshot;
  snapshot.servers = {server_in("we\"ird\\name\n", reconciler::Phase::kPending, 0)};
  ProxyMetrics metrics;
  metrics.record("q\"uote", http::Verb::get, 200, 1ms);
  std::string raw = metrics_text(metrics, snapshot);
  EXPECT_NE(raw.find("server=\"we\\\"ird\\\\name\\n\""), std::string::npos);
  Exposition text = scrape(metrics, snapshot);
  EXPECT_EQ(text.value("berth_server_ready", {{"server", "we\"ird\\name\n"}}), 0);
  EXPECT_EQ(text.value("berth_requests_total",
                       {{"server", "q\"uote"}, {"method", "GET"}, {"code", "200"}}),
            1);
}

TEST(MetricsTextTest, EveryFamilyHasHelpAndType) {
  ProxyMetrics metrics;
  metrics.record("x", http::Verb::post, 200, 2ms);
  metrics.set_session_counts([] { return std::map<std::string, std::size_t>{{"x", 1}}; });
  reconciler::StatusSnapshot snapshot;
  snapshot.servers = {server_in("x", reconciler::Phase::kStarting, 1)};
  Exposition text = scrape(metrics, snapshot);
  std::map<std::string, std::string> expected{{"berth_requests_total", "counter"},
                                              {"berth_request_duration_seconds", "histogram"},
                                              {"berth_sessions", "gauge"},
                                              {"berth_server_ready", "gauge"},
                                              {"berth_server_restarts_total", "counter"},
                                              {"berth_server_phase", "gauge"},
                                              {"berth_docker_reachable", "gauge"},
                                              {"berth_spec_errors", "gauge"}};
  EXPECT_EQ(text.type, expected);
  for (const auto& [name, type] : expected) EXPECT_FALSE(text.help[name].empty()) << name;
}

}  // namespace
}  // namespace berth::proxy::admin
