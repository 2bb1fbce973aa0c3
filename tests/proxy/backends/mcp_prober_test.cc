// McpProber against real containers (stdio, streamable-http, sse) and against dead ports.
#include "proxy/backends/mcp_prober.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

#include "tests/proxy/backends/docker_test_support.h"

namespace berth::proxy {
namespace {

using namespace std::chrono_literals;
using reconciler::ProbeTarget;
using specs::TransportType;
using testing::Eventually;
using testing::IoThread;
using testing::TestContainer;

constexpr auto kSlack = 300ms;  // what "the timeout plus a little" may be

class McpProberTest : public ::testing::Test {
 protected:
  void SetUp() override { BERTH_REQUIRE_DOCKER(); }
  void TearDown() override {
    io_.call([this] {
      backends_.reset();
      return 0;
    });
  }

  struct Outcome {
    Status status = ok_status();
    std::chrono::steady_clock::duration took{};
  };

  // Probes from this (non-io) thread, as the reconciler does, and waits for the outcome.
  Outcome probe(const ProbeTarget& target) {
    Eventually<Status> done;
    int calls = 0;
    const auto start = std::chrono::steady_clock::now();
    prober_.probe(target, [&](Status status) {
      ++calls;
      done.set(std::move(status));
    });
    auto status = done.wait(target.timeout + 5s);
    EXPECT_TRUE(status.has_value()) << "done was never called";
    Outcome outcome{status.value_or(Error{"no outcome"}), std::chrono::steady_clock::now() - start};
    io_.call([] { return 0; });  // let a second call, if any, show up
    EXPECT_EQ(calls, 1);
    return outcome;
  }

  // The published port's server may accept before it listens: probe until it answers.
  Status probe_until_ready(const ProbeTarget& target) {
    Status last = Error{"not probed"};
    for (int attempt = 0; attempt < 40 && !last; ++attempt) {
      last = probe(target).status;
      if (!last) std::this_thread::sleep_for(250ms);
    }
    return last;
  }

  static ProbeTarget http_target(TransportType type, int port, std::string path) {
    return ProbeTarget{"test", type, "", port, std::move(path), 2000ms};
  }

  IoThread io_;
  std::unique_ptr<AttachChannels> backends_ = std::make_unique<AttachChannels>(io_.docker());
  McpProber prober_{io_.io(), *backends_};
};

TEST_F(McpProberTest, StdioInitializesThenPings) {
  TestContainer container(std::string("-i ") + testing::kImage);
  ASSERT_TRUE(container.ok()) << container.error();
  const ProbeTarget target{"test", TransportType::kStdio, container.id(), 0, "", 5000ms};
  const auto first = probe(target);
  ASSERT_TRUE(first.status.ok()) << first.status.error();
  const bool kept = io_.call([&] {
    auto backend = backends_->find(container.id());
    return backend && backend->initialize_result() != nullptr;
  });
  EXPECT_TRUE(kept) << "the initialize result was not kept";
  const auto second = probe(target);
  EXPECT_TRUE(second.status.ok()) << second.status.error();
  EXPECT_EQ(io_.call([&] { return backends_->size(); }), 1u);
}

TEST_F(McpProberTest, StdioFailsWithinTimeoutWhenServerNeverAnswers) {
  // The image in http mode keeps stdin open (-i) but never reads it.
  TestContainer container(std::string("-i ") + testing::kImage + " http --port 3001");
  ASSERT_TRUE(container.ok()) << container.error();
  const ProbeTarget target{"test", TransportType::kStdio, container.id(), 0, "", 700ms};
  const auto outcome = probe(target);
  EXPECT_FALSE(outcome.status.ok());
  EXPECT_LT(outcome.took, target.timeout + kSlack);
}

TEST_F(McpProberTest, StdioForgetClosesTheAttachStream) {
  TestContainer container(std::string("-i ") + testing::kImage);
  ASSERT_TRUE(container.ok()) << container.error();
  const auto outcome = probe({"test", TransportType::kStdio, container.id(), 0, "", 5000ms});
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error();
  prober_.forget(container.id());
  EXPECT_EQ(io_.call([&] { return backends_->find(container.id()); }), nullptr);
}

TEST_F(McpProberTest, StreamableHttpSucceeds) {
  TestContainer container(std::string("-p 127.0.0.1::3001 ") + testing::kImage +
                          " http --port 3001");
  ASSERT_TRUE(container.ok()) << container.error();
  const int port = container.published_port();
  ASSERT_GT(port, 0);
  const Status status =
      probe_until_ready(http_target(TransportType::kStreamableHttp, port, "/mcp"));
  EXPECT_TRUE(status.ok()) << status.error();
}

TEST_F(McpProberTest, StreamableHttpWrongPathFails) {
  TestContainer container(std::string("-p 127.0.0.1::3001 ") + testing::kImage +
                          " http --port 3001");
  ASSERT_TRUE(container.ok()) << container.error();
  ASSERT_TRUE(container.wait_for_log("listening", 10s));
  const auto outcome =
      probe(http_target(TransportType::kStreamableHttp, container.published_port(), "/not-mcp"));
  ASSERT_FALSE(outcome.status.ok());
  EXPECT_NE(outcome.status.error().find("404"), std::string::npos) << outcome.status.error();
}

TEST_F(McpProberTest, SseSucceeds) {
  TestContainer container(std::string("-p 127.0.0.1::3001 ") + testing::kImage +
                          " sse --port 3001");
  ASSERT_TRUE(container.ok()) << container.error();
  const int port = container.published_port();
  ASSERT_GT(port, 0);
  const Status status = probe_until_ready(http_target(TransportType::kSse, port, "/sse"));
  EXPECT_TRUE(status.ok()) << status.error();
}

int unused_local_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, {boost::asio::ip::address_v4::loopback(), static_cast<unsigned short>(0)});
  return acceptor.local_endpoint().port();
}

TEST_F(McpProberTest, FailsFastWhenNothingListens) {
  const int port = unused_local_port();
  for (auto type : {TransportType::kStreamableHttp, TransportType::kSse}) {
    const auto outcome = probe(http_target(type, port, "/mcp"));
    EXPECT_FALSE(outcome.status.ok());
    EXPECT_LT(outcome.took, 2000ms + kSlack);
  }
}

TEST_F(McpProberTest, FailsWithinTimeoutWhenConnectionStalls) {
  // Like docker-proxy before the server listens: the connection is accepted, nothing answers.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, {boost::asio::ip::address_v4::loopback(), static_cast<unsigned short>(0)});
  const int port = acceptor.local_endpoint().port();
  for (auto type : {TransportType::kStreamableHttp, TransportType::kSse}) {
    auto target = http_target(type, port, "/mcp");
    target.timeout = 500ms;
    const auto outcome = probe(target);
    EXPECT_FALSE(outcome.status.ok());
    EXPECT_GE(outcome.took, 450ms);
    EXPECT_LT(outcome.took, target.timeout + kSlack);
  }
}

}  // namespace
}  // namespace berth::proxy
