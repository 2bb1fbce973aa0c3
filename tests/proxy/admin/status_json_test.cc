#include "proxy/admin/status_json.h"

#include <gtest/gtest.h>

#include "proxy/admin/dashboard_page.h"

namespace berth::proxy::admin {
namespace {

using namespace std::chrono_literals;

TEST(StatusJsonTest, FormatsRfc3339UtcWithMilliseconds) {
  reconciler::WallTime time{std::chrono::milliseconds(1'700'000'000'123)};
  EXPECT_EQ(rfc3339_utc(time), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(rfc3339_utc(reconciler::WallTime{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(rfc3339_utc(reconciler::WallTime{std::chrono::microseconds(5'999)}),
            "1970-01-01T00:00:00.005Z");
}

TEST(StatusJsonTest, ErrorMessageDropsThePosition) {
  specs::SpecError error{"specs/a.yaml", 12, 13, "spec.resources.memory", "bad size"};
  EXPECT_EQ(error_message(error), "spec.resources.memory: bad size");
  specs::SpecError file_level{"specs/b.yaml", 0, 0, "", "cannot read the file"};
  EXPECT_EQ(error_message(file_level), "cannot read the file");
}

TEST(StatusJsonTest, KeepsTheLastTwentyEvents) {
  reconciler::ServerStatus server;
  server.name = std::string("s");  // not = "s": GCC 12 misreports -Wrestrict
  for (int i = 0; i < 25; ++i) {
    server.events.push_back({reconciler::WallTime{}, "k", std::to_string(i)});
  }
  std::string json = server_status_json(server);
  EXPECT_EQ(json.find("\"message\":\"4\""), std::string::npos);
  EXPECT_NE(json.find("\"message\":\"5\""), std::string::npos);
  EXPECT_NE(json.find("\"message\":\"24\""), std::string::npos);
}

TEST(StatusJsonTest, CallsOnlyWithARegistry) {
  reconciler::StatusSnapshot snapshot;
  reconciler::ServerStatus server;
  server.name = std::string("x");  // not = "x": GCC 12 misreports -Wrestrict
  snapshot.servers = {server, server};
  snapshot.servers[1].name = std::string("y");
  ProxyMetrics metrics;
  metrics.record("x", http::Verb::post, 200, std::chrono::milliseconds(1));
  metrics.record("x", http::Verb::post, 500, std::chrono::milliseconds(1));
  EXPECT_EQ(status_json(snapshot).find("\"calls\""), std::string::npos);
  std::string json = status_json(snapshot, &metrics);
  EXPECT_NE(json.find(R"("name":"x",)"), std::string::npos);
  EXPECT_NE(json.find(R"("restarts":0,"calls":2,"lastError")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("restarts":0,"calls":0,"lastError")"), std::string::npos) << json;
  EXPECT_EQ(server_status_json(snapshot.servers[1]).find("\"calls\""), std::string::npos);
  EXPECT_NE(server_status_json(snapshot.servers[0], &metrics).find(R"("calls":2)"),
            std::string::npos);
}

TEST(StatusJsonTest, EraAsTheProbesFoundIt) {
  reconciler::StatusSnapshot snapshot;
  reconciler::ServerStatus server;
  server.name = std::string("x");
  server.transport = specs::TransportType::kStreamableHttp;
  snapshot.servers = {server, server};
  snapshot.servers[1].name = std::string("y");
  ProxyMetrics metrics;
  metrics.set_era("x", "modern");
  EXPECT_EQ(status_json(snapshot).find("\"era\""), std::string::npos);
  std::string json = status_json(snapshot, &metrics);
  EXPECT_NE(
      json.find(
          R"("name":"x","phase":"Pending","ready":false,"transport":"streamable-http","era":"modern",)"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("era":"unknown")"), std::string::npos) << json;
  metrics.set_era("x", "legacy");
  EXPECT_NE(server_status_json(snapshot.servers[0], &metrics).find(R"("era":"legacy")"),
            std::string::npos);
}

TEST(DashboardPageTest, HoldsNoDataAndSetsValuesAsText) {
  std::string_view html = dashboard_html();
  EXPECT_NE(html.find("fetch(\"/status\""), std::string_view::npos);
  EXPECT_NE(html.find("textContent = String(server[column]"), std::string_view::npos);
  EXPECT_EQ(html.find("innerHTML"), std::string_view::npos);  // nothing is parsed as HTML
  EXPECT_NE(html.find("Authorization: \"Bearer \" + token"), std::string_view::npos);
  EXPECT_NE(html.find("reply.status === 401"), std::string_view::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string_view::npos);  // no external assets
}

}  // namespace
}  // namespace berth::proxy::admin
