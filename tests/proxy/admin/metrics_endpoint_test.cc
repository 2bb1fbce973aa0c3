// GET /metrics and the recording in HttpConnection over real sockets: answers to /mcp/{name} and
// /sse/{name} count (complete, streamed, and the server's own 401/404/405) and nothing else
// does; the text parses line by line; the status gauges, the session gauge and /status "calls".

#include "proxy/admin/metrics_endpoint.h"

#include <gtest/gtest.h>

#include <future>
#include <mutex>

#include "proxy/admin/status_endpoints.h"
#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"
#include "tests/proxy/admin/exposition_parser.h"
#include "tests/proxy/admin/fake_status_source.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/tools/http_test_client.h"

namespace berth::proxy::admin {
namespace {

using namespace std::chrono_literals;
using http::testing::ServerHarness;
using test_support::HttpTestClient;
using testing::Exposition;
using testing::FakeStatusSource;

// The exchange of a stream the test keeps open (GET /sse/{name}/hold).
struct HeldStream {
  std::mutex mutex;
  std::shared_ptr<http::Exchange> exchange;  // GUARDED_BY(mutex)
  std::promise<void> held;

  std::shared_ptr<http::Exchange> release() {
    std::lock_guard lock(mutex);
    return std::exchange(exchange, nullptr);
  }
};

reconciler::StatusSnapshot two_servers() {
  reconciler::StatusSnapshot snapshot;
  snapshot.docker_reachable = true;
  snapshot.synced = true;
  reconciler::ServerStatus everything;
  everything.name = std::string("everything");
  everything.phase = reconciler::Phase::kReady;
  everything.ready = true;
  everything.restarts = 2;
  reconciler::ServerStatus gh;
  gh.name = std::string("gh");
  gh.phase = reconciler::Phase::kUnhealthy;
  snapshot.servers = {everything, gh};
  snapshot.errors.push_back({"specs/bad.yaml", 3, 5, "spec.image", "must not be empty"});
  return snapshot;
}

void add_dummy_routes(http::Router& router, const std::shared_ptr<HeldStream>& held) {
  router.add(http::Verb::post, "/mcp/{name}", [](std::shared_ptr<http::Exchange> exchange) {
    exchange->respond(http::make_json_response(http::HttpStatus::ok, "{}"));
  });
  router.add(http::Verb::get, "/sse/{name}", [](std::shared_ptr<http::Exchange> exchange) {
    exchange->start_stream(http::make_stream_head(http::HttpStatus::ok, http::kEventStreamType));
    exchange->write("data: hello\n\n");
    exchange->end();
  });
  router.add(http::Verb::get, "/sse/{name}/hold", [held](std::shared_ptr<http::Exchange> exchange) {
    exchange->start_stream(http::make_stream_head(http::HttpStatus::ok, http::kEventStreamType));
    std::lock_guard lock(held->mutex);
    held->exchange = std::move(exchange);
    held->held.set_value();
  });
}

// Buckets never decrease, and +Inf equals _count, for every server.
void expect_consistent_histograms(const Exposition& text) {
  const std::string name = "berth_request_duration_seconds";
  for (const auto& count : text.matching(name + "_count")) {
    auto buckets = text.matching(name + "_bucket", count.labels);
    ASSERT_FALSE(buckets.empty());
    for (std::size_t i = 1; i < buckets.size(); ++i) {
      EXPECT_LE(buckets[i - 1].value, buckets[i].value);
    }
    EXPECT_EQ(buckets.back().labels.at("le"), "+Inf");
    EXPECT_EQ(buckets.back().value, count.value);
    EXPECT_TRUE(text.value(name + "_sum", count.labels).has_value());
  }
}

class MetricsEndpointTest : public ::testing::Test {
 protected:
  explicit MetricsEndpointTest(http::HttpServerOptions options = http::testing::test_options()) {
    source_.set(two_servers());
    auto router = std::make_shared<http::Router>();
    add_status_endpoints(*router, source_, metrics_.get());
    add_metrics_endpoint(*router, source_, *metrics_);
    add_dummy_routes(*router, held_);
    server_ = std::make_unique<ServerHarness>(router, std::move(options), metrics_);
    client_ = std::make_unique<HttpTestClient>(server_->port());
  }
  ~MetricsEndpointTest() override {
    held_->release();  // every exchange goes before the server's io_context
    client_.reset();
    server_.reset();
  }

  test_support::HttpTestResponse call(http::Verb verb, const std::string& target,
                                      std::map<std::string, std::string> headers = {}) {
    auto result = client_->request(verb, target, verb == http::Verb::post ? "{}" : "", headers);
    EXPECT_TRUE(result.ok()) << result.error;
    return result.response;
  }

  Exposition scrape(std::map<std::string, std::string> headers = {}) {
    auto response = call(http::Verb::get, "/metrics", std::move(headers));
    EXPECT_EQ(response.status, 200);
    Exposition text = testing::parse_exposition(response.body);
    EXPECT_EQ(text.error, "");
    return text;
  }

  std::shared_ptr<ProxyMetrics> metrics_ = std::make_shared<ProxyMetrics>();
  std::shared_ptr<HeldStream> held_ = std::make_shared<HeldStream>();
  FakeStatusSource source_;
  std::unique_ptr<ServerHarness> server_;
  std::unique_ptr<HttpTestClient> client_;
};

const std::string kRequests = "berth_requests_total";

TEST_F(MetricsEndpointTest, CountsMcpAndSseAnswersButNotOthers) {
  EXPECT_EQ(call(http::Verb::post, "/mcp/x").status, 200);
  EXPECT_EQ(call(http::Verb::post, "/mcp/x?session=1").status, 200);
  EXPECT_EQ(call(http::Verb::get, "/sse/x").body, "data: hello\n\n");
  EXPECT_EQ(call(http::Verb::get, "/status").status, 200);
  EXPECT_EQ(call(http::Verb::get, "/healthz").status, 200);
  Exposition text = scrape();
  EXPECT_EQ(text.value(kRequests, {{"server", "x"}, {"method", "POST"}, {"code", "200"}}), 2);
  EXPECT_EQ(text.value(kRequests, {{"server", "x"}, {"method", "GET"}, {"code", "200"}}), 1);
  EXPECT_EQ(text.matching(kRequests).size(), 2u);  // nothing for /status, /healthz, /metrics
  EXPECT_EQ(text.value("berth_request_duration_seconds_count", {{"server", "x"}}), 3);
  expect_consistent_histograms(text);
  EXPECT_EQ(scrape().matching(kRequests).size(), 2u);  // scraping counts nothing either
}

TEST_F(MetricsEndpointTest, CountsAnswersTheServerGivesItself) {
  EXPECT_EQ(call(http::Verb::get, "/mcp/x/extra").status, 404);  // no route
  EXPECT_EQ(call(http::Verb::put, "/mcp/x").status, 405);
  EXPECT_EQ(call(http::Verb::get, "/nowhere").status, 404);
  Exposition text = scrape();
  EXPECT_EQ(text.value(kRequests, {{"server", "x"}, {"method", "GET"}, {"code", "404"}}), 1);
  EXPECT_EQ(text.value(kRequests, {{"server", "x"}, {"method", "PUT"}, {"code", "405"}}), 1);
  EXPECT_EQ(text.matching(kRequests).size(), 2u);
}

TEST_F(MetricsEndpointTest, StreamedAnswerIsCountedWhenItsHeadIsWritten) {
  HttpTestClient streamer(server_->port());
  ASSERT_EQ(streamer.send_raw("GET /sse/y/hold HTTP/1.1\r\nHost: localhost\r\n\r\n"), "");
  ASSERT_EQ(held_->held.get_future().wait_for(3s), std::future_status::ready);
  ASSERT_TRUE(streamer.read_raw_until("\r\n\r\n").ok());
  Exposition text = scrape();  // the stream is still open
  EXPECT_EQ(text.value(kRequests, {{"server", "y"}, {"method", "GET"}, {"code", "200"}}), 1);
  EXPECT_EQ(text.value("berth_request_duration_seconds_count", {{"server", "y"}}), 1);
  expect_consistent_histograms(text);
  std::shared_ptr<http::Exchange> exchange = held_->release();
  exchange->end();
  EXPECT_TRUE(streamer.read_raw_until("0\r\n\r\n").ok());
  exchange.reset();
  EXPECT_EQ(metrics_->calls_by_server().at("y"), 1u);  // not counted again at the end
}

TEST_F(MetricsEndpointTest, ServesTheTextFormatWithStatusGauges) {
  auto response = call(http::Verb::get, "/metrics");
  EXPECT_EQ(response.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(response.header("Cache-Control"), "no-store");
  Exposition text = testing::parse_exposition(response.body);
  ASSERT_EQ(text.error, "");
  for (const char* family : {"berth_requests_total", "berth_request_duration_seconds",
                             "berth_server_ready", "berth_server_restarts_total",
                             "berth_server_phase", "berth_docker_reachable", "berth_spec_errors"}) {
    EXPECT_EQ(text.type.count(family), 1u) << family;
    EXPECT_EQ(text.help.count(family), 1u) << family;
  }
  EXPECT_EQ(text.type.count("berth_sessions"), 0u);  // no session-count callback
  EXPECT_EQ(text.value("berth_server_ready", {{"server", "everything"}}), 1);
  EXPECT_EQ(text.value("berth_server_ready", {{"server", "gh"}}), 0);
  EXPECT_EQ(text.value("berth_server_restarts_total", {{"server", "everything"}}), 2);
  EXPECT_EQ(text.value("berth_server_phase", {{"server", "gh"}, {"phase", "Unhealthy"}}), 1);
  EXPECT_EQ(text.value("berth_server_phase", {{"server", "gh"}, {"phase", "Ready"}}), 0);
  EXPECT_EQ(text.value("berth_docker_reachable"), 1);
  EXPECT_EQ(text.value("berth_spec_errors"), 1);
  EXPECT_EQ(call(http::Verb::post, "/metrics").status, 405);
}

TEST_F(MetricsEndpointTest, SessionsGaugeComesFromTheCallback) {
  metrics_->set_session_counts([] {
    return std::map<std::string, std::size_t>{{"everything", 4}, {"gh", 0}};
  });
  Exposition text = scrape();
  EXPECT_EQ(text.type.at("berth_sessions"), "gauge");
  EXPECT_EQ(text.value("berth_sessions", {{"server", "everything"}}), 4);
  EXPECT_EQ(text.value("berth_sessions", {{"server", "gh"}}), 0);
}

TEST_F(MetricsEndpointTest, StatusShowsCallsPerServer) {
  call(http::Verb::post, "/mcp/everything");
  call(http::Verb::post, "/mcp/everything");
  call(http::Verb::get, "/sse/everything");
  auto status = call(http::Verb::get, "/status");
  EXPECT_NE(status.body.find(R"("name":"everything")"), std::string::npos);
  EXPECT_NE(status.body.find(R"("restarts":2,"calls":3,)"), std::string::npos) << status.body;
  EXPECT_NE(status.body.find(R"("restarts":0,"calls":0,)"), std::string::npos) << status.body;
  auto one = call(http::Verb::get, "/status/everything");
  EXPECT_NE(one.body.find(R"("restarts":2,"calls":3,)"), std::string::npos) << one.body;
}

http::HttpServerOptions with_token() {
  http::HttpServerOptions options = http::testing::test_options();
  options.bearer_token = "s3cret";
  return options;
}

class MetricsWithTokenTest : public MetricsEndpointTest {
 protected:
  MetricsWithTokenTest() : MetricsEndpointTest(with_token()) {}
};

TEST_F(MetricsWithTokenTest, RefusedRequestsCountAndMetricsNeedsTheToken) {
  EXPECT_EQ(call(http::Verb::post, "/mcp/x").status, 401);
  EXPECT_EQ(call(http::Verb::get, "/metrics").status, 401);
  Exposition text = scrape({{"Authorization", "Bearer s3cret"}});
  EXPECT_EQ(text.value(kRequests, {{"server", "x"}, {"method", "POST"}, {"code", "401"}}), 1);
}

}  // namespace
}  // namespace berth::proxy::admin
