// MultiplexedFront's limits over real sockets, with a scripted server (ScriptedChannel): a batch's
// answers are capped in bytes, and a GET stream whose client does not read is ended rather than
// queued without bound.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/json_rpc.h"
#include "tests/proxy/front/multiplexed_front_harness.h"
#include "tests/tools/http_test_client.h"
#include "tests/tools/test_server/mcp_test_messages.h"

namespace berth::proxy::front::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using test_support::HttpTestClient;

constexpr size_t kMiB = size_t{1} << 20;

// The server answers every request with a text of `text_bytes` bytes and sends `notifications`
// notifications of `text_bytes` each (for no request: they go on the GET stream) before it.
ScriptedChannel::Script big_answers(size_t text_bytes, int notifications = 0) {
  return [=](const std::string& line) {
    std::vector<std::string> replies;
    auto message = mcp::parse_json(line);
    if (!message) return replies;
    const mcp::MessageShape shape = mcp::classify(*message);
    if (shape.type != mcp::MessageType::kRequest) return replies;
    const std::string text = mcp::quote(std::string(text_bytes, 'x'));
    for (int i = 0; i < notifications; ++i) {
      replies.push_back(mcp::notification_json("notifications/blob", R"({"b":)" + text + "}"));
    }
    replies.push_back(
        mcp::result_response(shape.id, R"({"content":[{"type":"text","text":)" + text + "}]}"));
    return replies;
  };
}

std::string open_session(std::uint16_t port) {
  HttpTestClient client(port);
  auto init = client.post_json("/mcp/demo", test_support::initialize_request(1, "2025-06-18"));
  EXPECT_EQ(init.response.status, 200) << init.error << init.response.body;
  return init.response.header("Mcp-Session-Id");
}

// A blocking connection with a read timeout, reading raw bytes.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port) : socket_(io_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    timeval timeout{10, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }
  void send(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }
  // Reads until the bytes so far end with `tail` (or the read fails); all of them.
  std::string read_until_tail(const std::string& tail) {
    std::string data;
    std::vector<char> chunk(64 * 1024);
    boost::system::error_code ec;
    while (!data.ends_with(tail)) {
      const size_t n = socket_.read_some(asio::buffer(chunk), ec);
      if (ec) break;
      data.append(chunk.data(), n);
    }
    return data;
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
};

std::string request(const std::string& head, const std::string& sid, const std::string& body) {
  return head +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
         "Accept: application/json, text/event-stream\r\nMcp-Session-Id: " +
         sid + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(MultiplexedFrontLimitsTest, ABatchsAnswersPastTheCapBecomeErrors) {
  MultiplexedFrontHarness harness({}, {.script = big_answers(kMiB)});
  const std::string sid = open_session(harness.port());
  std::string batch = "[";
  for (int id = 1; id <= 20; ++id) {
    batch += (id > 1 ? "," : "") + test_support::echo_call(id, "hi");
  }
  batch += "]";
  RawClient client(harness.port());
  client.send(request("POST /mcp/demo", sid, batch));
  const std::string answer = client.read_until_tail("\r\n0\r\n\r\n");
  // 15 answers of 1 MiB fit in 16 MiB; each of the 5 others is an error naming its request.
  EXPECT_EQ(count(answer, R"("result":{"content")"), 15u);
  EXPECT_EQ(count(answer, R"("code":-32000)"), 5u);
  EXPECT_EQ(count(answer, R"("id":20,"error")"), 1u);
  EXPECT_LT(answer.size(), MultiplexedFront::kMaxBatchAnswerBytes + kMiB);
}

// The backlog is 2 MiB here, not the default 32: the kernel's socket buffers (a few MiB on
// loopback) fill first, and 24 MiB go through quickly even in a sanitizer build on a busy machine
// (60 MiB past the default limit once took longer than the call's 20 s).
TEST(MultiplexedFrontLimitsTest, AGetStreamNobodyReadsIsEndedPastItsBacklog) {
  constexpr size_t kBacklog = 2 * kMiB;
  MultiplexedFrontHarness harness({.stream_backlog = kBacklog},
                                  {.script = big_answers(kMiB, 24)});  // 24 MiB for the GET stream
  const std::string sid = open_session(harness.port());
  RawClient stream(harness.port());
  stream.send(request("GET /mcp/demo", sid, ""));
  ASSERT_NE(stream.read_until_tail("\r\n\r\n").find("200 OK"), std::string::npos);

  HttpTestClient client(harness.port());
  auto call = client.post_json("/mcp/demo", test_support::echo_call(2, "go"),
                               {{"Mcp-Session-Id", sid}}, std::chrono::seconds(20));
  ASSERT_EQ(call.response.status, 200) << call.error;  // after every notification was delivered
  // The stream was ended, so another may open (an open one would get 409)...
  RawClient again(harness.port());
  again.send(request("GET /mcp/demo", sid, ""));
  EXPECT_NE(again.read_until_tail("\r\n\r\n").find("200 OK"), std::string::npos);
  // ...and the first one ends after what was queued before its backlog ran over.
  const std::string got = stream.read_until_tail("\r\n0\r\n\r\n");
  EXPECT_TRUE(got.ends_with("\r\n0\r\n\r\n"));
  EXPECT_LT(count(got, "notifications/blob"), 24u);
  EXPECT_GE(count(got, "notifications/blob"), kBacklog / kMiB);
}

}  // namespace
}  // namespace berth::proxy::front::testing
