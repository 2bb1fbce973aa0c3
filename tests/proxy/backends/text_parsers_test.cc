// Unit tests of the small text parsers: lines, SSE events, the probe's handshake checks.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "proxy/backends/docker_socket_client.h"
#include "proxy/backends/line_splitter.h"
#include "proxy/backends/sse_probe.h"
#include "proxy/mcp/mcp_handshake.h"
#include "proxy/mcp/sse_parser.h"

namespace berth::proxy {
namespace {

std::vector<std::string> split(LineSplitter& splitter, const std::string& bytes, size_t step,
                               size_t* overflows = nullptr) {
  std::vector<std::string> lines;
  for (size_t at = 0; at < bytes.size(); at += step) {
    splitter.feed(
        std::string_view(bytes).substr(at, step),
        [&](std::string_view line) { lines.emplace_back(line); },
        [&](size_t) {
          if (overflows != nullptr) ++*overflows;
        });
  }
  return lines;
}

TEST(LineSplitterTest, SplitsAcrossPiecesAndStripsCr) {
  LineSplitter splitter;
  const auto lines = split(splitter, "one\r\ntwo\n\nthree\nfour", 2);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "", "three"}));
  EXPECT_EQ(splitter.partial(), "four");
}

TEST(LineSplitterTest, LinesLongerThan64KiBPass) {
  LineSplitter splitter;
  const std::string big(3 << 20, 'z');
  const auto lines = split(splitter, big + "\nnext\n", 65536);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].size(), big.size());
  EXPECT_EQ(lines[1], "next");
}

TEST(LineSplitterTest, DropsOverlongLineAndRecovers) {
  LineSplitter splitter(10);
  size_t overflows = 0;
  const auto lines = split(splitter, "short\n0123456789abcdef\nafter\n", 4, &overflows);
  EXPECT_EQ(lines, (std::vector<std::string>{"short", "after"}));
  EXPECT_EQ(overflows, 1u);
}

std::vector<mcp::SseEvent> events(const std::string& bytes, size_t step) {
  mcp::SseParser parser;
  std::vector<mcp::SseEvent> got;
  for (size_t at = 0; at < bytes.size(); at += step) {
    EXPECT_TRUE(parser.feed(std::string_view(bytes).substr(at, step),
                            [&](const mcp::SseEvent& event) { got.push_back(event); }));
  }
  return got;
}

TEST(SseParserTest, ParsesEventsSplitAnywhere) {
  const std::string stream =
      ": keepalive\r\nevent: endpoint\r\ndata: /messages?sessionId=1\r\n\r\n"
      "data: {\"a\":1}\ndata: {\"b\":2}\nid: 7\n\n";
  for (size_t step : {1, 3, 1000}) {
    const auto got = events(stream, step);
    ASSERT_EQ(got.size(), 2u) << "step " << step;
    EXPECT_EQ(got[0].event, "endpoint");
    EXPECT_EQ(got[0].data, "/messages?sessionId=1");
    EXPECT_EQ(got[1].event, "message");
    EXPECT_EQ(got[1].data, "{\"a\":1}\n{\"b\":2}");
    EXPECT_EQ(got[1].id, "7");
  }
}

TEST(SseParserTest, EventWithoutDataIsNotDispatched) {
  EXPECT_TRUE(events("event: ping\n\n", 5).empty());
}

TEST(SseEndpointTest, ResolvesAgainstServer) {
  EXPECT_EQ(resolve_sse_endpoint("/sse", "/messages?sessionId=a"), "/messages?sessionId=a");
  EXPECT_EQ(resolve_sse_endpoint("/sse", "http://0.0.0.0:3001/messages?x=1"), "/messages?x=1");
  EXPECT_EQ(resolve_sse_endpoint("/api/sse", "messages?x=1"), "/api/messages?x=1");
}

TEST(McpHandshakeTest, ChecksInitializeAnswer) {
  EXPECT_TRUE(mcp::check_initialize_answer(
      R"({"jsonrpc":"2.0","id":"berth-probe","result":{"protocolVersion":"2025-06-18"}})"));
  const auto error = mcp::check_initialize_answer(
      R"({"jsonrpc":"2.0","id":"berth-probe","error":{"code":-32601,"message":"nope"}})");
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().find("nope"), std::string::npos);
  EXPECT_FALSE(mcp::check_initialize_answer(R"({"jsonrpc":"2.0","id":"berth-probe","result":{}})"));
  EXPECT_FALSE(mcp::check_initialize_answer("<html>"));
}

TEST(McpHandshakeTest, RequestIsValidJson) {
  rapidjson::Document request;
  const std::string text = mcp::initialize_request_json();
  request.Parse(text.data(), text.size());
  ASSERT_FALSE(request.HasParseError());
  EXPECT_STREQ(request["params"]["protocolVersion"].GetString(), "2025-06-18");
  EXPECT_STREQ(request["params"]["clientInfo"]["name"].GetString(), "berth");
}

TEST(DockerEndpointTest, ParsesUnixUrls) {
  const auto endpoint = DockerEndpoint::from_url("unix:///run/docker.sock", "v1.43");
  ASSERT_TRUE(endpoint.ok()) << endpoint.error();
  EXPECT_EQ(endpoint->socket_path, "/run/docker.sock");
  EXPECT_EQ(endpoint->api_version, "1.43");
  EXPECT_EQ(DockerEndpoint::from_url("/var/run/docker.sock")->api_version, "1.41");
  EXPECT_FALSE(DockerEndpoint::from_url("tcp://10.0.0.1:2375").ok());
}

}  // namespace
}  // namespace berth::proxy
