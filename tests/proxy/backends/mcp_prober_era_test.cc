// McpProber's era detection for Streamable HTTP servers, against a raw-socket fake server on
// 127.0.0.1 (no container): server/discover first, with the modern headers and _meta; the
// legacy fallback to initialize; the era kept per container run and reported.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "proxy/backends/mcp_prober.h"
#include "tests/proxy/backends/docker_test_support.h"
#include "tests/proxy/front/fake_backend.h"

namespace berth::proxy {
namespace {

using namespace std::chrono_literals;
using front::testing::BackendConnection;
using front::testing::FakeBackend;
using front::testing::ReceivedRequest;
using testing::Eventually;
using testing::IoThread;

std::string json_response(int status, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) +
         " X\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

constexpr const char* kDiscovered =
    R"({"jsonrpc":"2.0","id":"berth-probe","result":{"resultType":"complete",)"
    R"("supportedVersions":["2026-07-28"],"capabilities":{},"ttlMs":0,"cacheScope":"public"}})";
constexpr const char* kInitialized =
    R"({"jsonrpc":"2.0","id":"berth-probe","result":{"protocolVersion":"2025-06-18",)"
    R"("capabilities":{},"serverInfo":{"name":"old","version":"1"}}})";
constexpr const char* kNoSession =
    R"({"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Bad Request: No valid session ID provided"}})";

// A fake server answering each request by `answer` (the request → the raw HTTP response), and
// recording what it got.
class FakeServer {
 public:
  explicit FakeServer(std::function<std::string(const ReceivedRequest&)> answer)
      : answer_(std::move(answer)), backend_([this](BackendConnection& connection) {
          while (auto request = connection.read_request(3s)) {
            {
              std::lock_guard lock(mutex_);
              received_.push_back(*request);
            }
            if (!connection.write(answer_(*request))) return;
          }
        }) {}
  std::uint16_t port() const { return backend_.port(); }
  std::vector<ReceivedRequest> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  std::function<std::string(const ReceivedRequest&)> answer_;
  std::mutex mutex_;
  std::vector<ReceivedRequest> received_;
  FakeBackend backend_;
};

bool is_discover(const ReceivedRequest& request) {
  return request.body.find("server/discover") != std::string::npos;
}

class McpProberEraTest : public ::testing::Test {
 protected:
  void TearDown() override {
    io_.call([this] {
      backends_.reset();
      return 0;
    });
  }

  Status probe(std::uint16_t port, const std::string& container = "c1") {
    Eventually<Status> done;
    prober_.probe(reconciler::ProbeTarget{"demo", specs::TransportType::kStreamableHttp, container,
                                          port, "/mcp", 2000ms},
                  [&](Status status) { done.set(std::move(status)); });
    return done.wait(10s).value_or(Error{"no outcome"});
  }

  std::string era() {
    return io_.call([this] { return era_; });
  }

  IoThread io_;
  std::unique_ptr<AttachChannels> backends_ = std::make_unique<AttachChannels>(io_.docker());
  std::string era_ = "none";
  McpProber prober_{io_.io(), *backends_, [this](const std::string& server, mcp::ServerEra era) {
                      if (server == "demo") era_ = std::string(mcp::to_string(era));
                    }};
};

TEST_F(McpProberEraTest, AModernServerIsProbedWithDiscoverAlone) {
  FakeServer server([](const ReceivedRequest& request) {
    return is_discover(request) ? json_response(200, kDiscovered) : json_response(400, kNoSession);
  });
  ASSERT_TRUE(probe(server.port()).ok());
  EXPECT_EQ(era(), "modern");
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].header("MCP-Protocol-Version"), "2026-07-28");
  EXPECT_EQ(received[0].header("Mcp-Method"), "server/discover");
  EXPECT_NE(received[0].body.find(R"("io.modelcontextprotocol/protocolVersion":"2026-07-28")"),
            std::string::npos);
  EXPECT_NE(received[0].body.find("io.modelcontextprotocol/clientCapabilities"), std::string::npos);
}

TEST_F(McpProberEraTest, ALegacyServerFallsBackToInitializeOncePerContainerRun) {
  FakeServer server([](const ReceivedRequest& request) {
    return is_discover(request) ? json_response(400, kNoSession) : json_response(200, kInitialized);
  });
  ASSERT_TRUE(probe(server.port()).ok());
  EXPECT_EQ(era(), "legacy");
  ASSERT_EQ(server.received().size(), 2u);
  EXPECT_TRUE(is_discover(server.received()[0]));
  ASSERT_TRUE(probe(server.port()).ok());  // the era is known: initialize only
  ASSERT_EQ(server.received().size(), 3u);
  EXPECT_FALSE(is_discover(server.received()[2]));
  prober_.forget("c1");  // a new run of the container is probed afresh
  ASSERT_TRUE(probe(server.port()).ok());
  ASSERT_EQ(server.received().size(), 5u);
  EXPECT_TRUE(is_discover(server.received()[3]));
}

TEST_F(McpProberEraTest, AModernErrorShowsAModernServer) {
  FakeServer server([](const ReceivedRequest&) {
    return json_response(
        400, R"({"jsonrpc":"2.0","id":"berth-probe","error":{"code":-32022,"message":"no",)"
             R"("data":{"supported":["2027-01-01"],"requested":"2026-07-28"}}})");
  });
  ASSERT_TRUE(probe(server.port()).ok());
  EXPECT_EQ(era(), "modern");
  EXPECT_EQ(server.received().size(), 1u);
}

TEST_F(McpProberEraTest, AServerAnsweringNeitherIsUnhealthy) {
  FakeServer server([](const ReceivedRequest&) { return json_response(404, "not here"); });
  Status status = probe(server.port());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().find("initialize: HTTP 404"), std::string::npos) << status.error();
  EXPECT_EQ(era(), "none");
}

}  // namespace
}  // namespace berth::proxy
