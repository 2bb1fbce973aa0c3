// The read-only endpoints over real sockets, from a fake StatusSource: exact JSON, readiness,
// 404 and 405, HEAD, and the dashboard page.

#include "proxy/admin/status_endpoints.h"

#include <gtest/gtest.h>

#include "tests/proxy/admin/fake_status_source.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/tools/http_test_client.h"

namespace berth::proxy::admin {
namespace {

using http::testing::ServerHarness;
using test_support::HttpTestClient;
using testing::FakeStatusSource;

reconciler::WallTime at_ms(std::int64_t ms) {
  return reconciler::WallTime{std::chrono::milliseconds(ms)};
}

reconciler::StatusSnapshot sample_snapshot() {
  reconciler::StatusSnapshot snapshot;
  snapshot.docker_reachable = true;
  snapshot.synced = true;
  reconciler::ServerStatus everything;
  everything.name = "everything";
  everything.phase = reconciler::Phase::kReady;
  everything.ready = true;
  everything.transport = specs::TransportType::kStreamableHttp;
  everything.route = "/mcp/everything";
  everything.image = "berth/everything:1";
  everything.container_id = "3f2a";
  everything.spec_hash = "sha256:ab";
  everything.restarts = 2;
  everything.source = "specs/everything.yaml";
  everything.since = at_ms(1'700'000'000'123);
  everything.events.push_back({at_ms(1'700'000'000'000), "created", "container 3f2a"});
  everything.events.push_back({at_ms(1'700'000'000'100), "started", "\"quoted\""});
  reconciler::ServerStatus broken;
  broken.name = "gh";
  broken.phase = reconciler::Phase::kBackOff;
  broken.transport = specs::TransportType::kSse;
  broken.route = "/mcp/gh";
  broken.last_error = "exited with code 1";
  broken.source = "specs/gh.yaml";
  broken.since = at_ms(0);
  snapshot.servers = {everything, broken};
  snapshot.errors.push_back({"specs/bad.yaml", 3, 5, "spec.image", "must not be empty"});
  return snapshot;
}

class StatusEndpointsTest : public ::testing::Test {
 protected:
  StatusEndpointsTest() {
    source_.set(sample_snapshot());
    auto router = std::make_shared<http::Router>();
    add_status_endpoints(*router, source_);
    server_ = std::make_unique<ServerHarness>(router);
    client_ = std::make_unique<HttpTestClient>(server_->port());
  }

  test_support::HttpTestResponse get(const std::string& target) {
    auto result = client_->request(http::Verb::get, target);
    EXPECT_TRUE(result.ok()) << result.error;
    return result.response;
  }

  FakeStatusSource source_;
  std::unique_ptr<ServerHarness> server_;
  std::unique_ptr<HttpTestClient> client_;
};

TEST_F(StatusEndpointsTest, HealthzIsOk) {
  auto response = get("/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "ok");
}

TEST_F(StatusEndpointsTest, ReadyzWhenDockerReachableAndSynced) {
  EXPECT_EQ(get("/readyz").status, 200);
  reconciler::StatusSnapshot snapshot = sample_snapshot();
  snapshot.synced = false;
  source_.set(snapshot);
  auto response = get("/readyz");
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.body, R"({"ready":false,"reason":"the first reconcile has not finished"})");
  snapshot.docker_reachable = false;
  source_.set(snapshot);
  EXPECT_EQ(get("/readyz").body,
            R"({"ready":false,"reason":"the Docker daemon is not reachable"})");
}

TEST_F(StatusEndpointsTest, StatusListsServersAndErrors) {
  auto response = get("/status");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  EXPECT_EQ(response.header("Cache-Control"), "no-store");
  EXPECT_EQ(response.body,
            R"({"servers":[)"
            R"({"name":"everything","phase":"Ready","ready":true,"transport":"streamable-http",)"
            R"("route":"/mcp/everything","image":"berth/everything:1","containerId":"3f2a",)"
            R"("specHash":"sha256:ab","restarts":2,"lastError":"",)"
            R"("source":"specs/everything.yaml","since":"2023-11-14T22:13:20.123Z"},)"
            R"({"name":"gh","phase":"BackOff","ready":false,"transport":"sse","route":"/mcp/gh",)"
            R"("image":"","containerId":"","specHash":"","restarts":0,)"
            R"("lastError":"exited with code 1","source":"specs/gh.yaml",)"
            R"("since":"1970-01-01T00:00:00.000Z"}],)"
            R"("errors":[{"file":"specs/bad.yaml","line":3,"column":5,)"
            R"("message":"spec.image: must not be empty"}]})");
}

TEST_F(StatusEndpointsTest, StatusBeforeAnySnapshotIsEmpty) {
  FakeStatusSource empty;
  auto router = std::make_shared<http::Router>();
  add_status_endpoints(*router, empty);
  ServerHarness server(router);
  HttpTestClient client(server.port());
  auto result = client.request(http::Verb::get, "/status");
  EXPECT_EQ(result.response.body, R"({"servers":[],"errors":[]})");
  EXPECT_EQ(client.request(http::Verb::get, "/readyz").response.status, 503);
}

TEST_F(StatusEndpointsTest, StatusOfOneServerHasItsEvents) {
  auto response = get("/status/everything");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Cache-Control"), "no-store");
  EXPECT_EQ(response.body,
            R"({"name":"everything","phase":"Ready","ready":true,"transport":"streamable-http",)"
            R"("route":"/mcp/everything","image":"berth/everything:1","containerId":"3f2a",)"
            R"("specHash":"sha256:ab","restarts":2,"lastError":"",)"
            R"("source":"specs/everything.yaml","since":"2023-11-14T22:13:20.123Z",)"
            R"("events":[{"time":"2023-11-14T22:13:20.000Z","kind":"created",)"
            R"("message":"container 3f2a"},{"time":"2023-11-14T22:13:20.100Z",)"
            R"("kind":"started","message":"\"quoted\""}]})");
}

TEST_F(StatusEndpointsTest, UnknownServerIs404NamingIt) {
  auto response = get("/status/nope");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"error":"no server named 'nope'"})");
}

TEST_F(StatusEndpointsTest, OtherMethodsAre405) {
  for (const char* target : {"/status", "/status/everything", "/healthz", "/readyz", "/"}) {
    for (http::Verb verb : {http::Verb::post, http::Verb::put, http::Verb::delete_}) {
      auto result = client_->request(verb, target, "{}");
      ASSERT_TRUE(result.ok()) << result.error;
      EXPECT_EQ(result.response.status, 405) << target;
      EXPECT_EQ(result.response.header("Allow"), "GET, HEAD") << target;
    }
  }
  EXPECT_EQ(client_->connections_opened(), 1);
}

TEST_F(StatusEndpointsTest, HeadAnswersLikeGetWithoutBody) {
  std::string expected_length = std::to_string(get("/status").body.size());
  ASSERT_EQ(client_->send_raw("HEAD /status HTTP/1.1\r\nHost: localhost\r\n\r\n"), "");
  auto head = client_->read_raw_until("\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.error;
  EXPECT_NE(head.response.body.find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_NE(head.response.body.find("Content-Length: " + expected_length + "\r\n"),
            std::string::npos);
  EXPECT_EQ(get("/healthz").body, "ok");  // no stray body bytes in between
}

TEST_F(StatusEndpointsTest, DashboardIsSelfContainedHtml) {
  auto response = get("/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(response.header("Content-Security-Policy").find("default-src 'none'"),
            std::string::npos);
  EXPECT_NE(response.body.find("fetch(\"/status\""), std::string::npos);
  EXPECT_EQ(response.body.find("everything"), std::string::npos);  // the script fetches the data
}

}  // namespace
}  // namespace berth::proxy::admin
