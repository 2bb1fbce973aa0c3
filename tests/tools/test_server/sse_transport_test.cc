// Process tests of the test server's legacy HTTP+SSE transport: spawn the built binary on an
// ephemeral 127.0.0.1 port, hold its event stream open and POST messages to its endpoint.
#include <gtest/gtest.h>

#include "tests/tools/http_test_client.h"
#include "tests/tools/sse_test_stream.h"
#include "tests/tools/test_server/mcp_test_messages.h"
#include "tests/tools/test_server/test_server_process.h"

namespace berth::test_support {
namespace {

constexpr std::string_view kEndpointPrefix = "/messages?sessionId=";

// Opens the event stream and returns the endpoint its first event names ("" on failure).
std::string open_session(SseTestStream& stream) {
  std::string error = stream.open("/sse", kServerTimeout);
  EXPECT_EQ(error, "");
  if (!error.empty()) return "";
  std::optional<SseEvent> event = stream.next_event(kServerTimeout);
  EXPECT_TRUE(event) << stream.error();
  if (!event) return "";
  EXPECT_EQ(event->event, "endpoint");
  return event->data;
}

TEST(TestServerSseTest, FirstEventNamesEndpoint) {
  StartedServer server = start_listening_test_server("sse");
  ASSERT_TRUE(server.ok()) << server.error;
  SseTestStream stream(server.port);
  std::string endpoint = open_session(stream);
  EXPECT_EQ(stream.status(), 200);
  EXPECT_EQ(stream.content_type(), "text/event-stream");
  ASSERT_TRUE(endpoint.starts_with(kEndpointPrefix)) << endpoint;
  std::string id = endpoint.substr(kEndpointPrefix.size());
  EXPECT_EQ(id.size(), 32u) << id;
}

TEST(TestServerSseTest, PostIsAcceptedAndAnswerArrivesOnStream) {
  StartedServer server = start_listening_test_server("sse");
  ASSERT_TRUE(server.ok()) << server.error;
  SseTestStream stream(server.port);
  std::string endpoint = open_session(stream);
  ASSERT_FALSE(endpoint.empty());
  HttpTestClient client(server.port);
  int id = 1;
  for (const std::string& message :
       {initialize_request(1, "2025-03-26"), echo_call(2, "over sse")}) {
    HttpTestResult posted = client.post_json(endpoint, message);
    ASSERT_TRUE(posted.ok()) << posted.error;
    EXPECT_EQ(posted.response.status, 202);
    std::optional<SseEvent> event = stream.next_event(kServerTimeout);
    ASSERT_TRUE(event) << stream.error();
    EXPECT_EQ(event->event, "message");
    EXPECT_EQ(JsonAnswer(event->data).int_at("/id"), id++);
  }
}

TEST(TestServerSseTest, NotificationGetsNoStreamEvent) {
  StartedServer server = start_listening_test_server("sse");
  ASSERT_TRUE(server.ok()) << server.error;
  SseTestStream stream(server.port);
  std::string endpoint = open_session(stream);
  ASSERT_FALSE(endpoint.empty());
  HttpTestClient client(server.port);
  // A notification is accepted and answered neither in the POST nor on the stream.
  HttpTestResult note = client.post_json(endpoint, initialized_notification());
  ASSERT_TRUE(note.ok()) << note.error;
  EXPECT_EQ(note.response.status, 202);
  ASSERT_TRUE(client.post_json(endpoint, echo_call(5, "line one\nline two")).ok());
  std::optional<SseEvent> event = stream.next_event(kServerTimeout);
  ASSERT_TRUE(event) << stream.error();
  JsonAnswer answer(event->data);
  EXPECT_EQ(answer.int_at("/id"), 5);
  EXPECT_EQ(answer.string_at("/result/content/0/text"), "line one\nline two");
}

TEST(TestServerSseTest, SleepDoesNotDelayLaterAnswers) {
  StartedServer server = start_listening_test_server("sse");
  ASSERT_TRUE(server.ok()) << server.error;
  SseTestStream stream(server.port);
  std::string endpoint = open_session(stream);
  ASSERT_FALSE(endpoint.empty());
  HttpTestClient client(server.port);
  ASSERT_TRUE(client.post_json(endpoint, sleep_call(1, 1000)).ok());
  ASSERT_TRUE(client.post_json(endpoint, echo_call(2, "fast")).ok());
  std::optional<SseEvent> first = stream.next_event(kServerTimeout);
  ASSERT_TRUE(first) << stream.error();
  EXPECT_EQ(JsonAnswer(first->data).int_at("/id"), 2);
  std::optional<SseEvent> second = stream.next_event(kServerTimeout);
  ASSERT_TRUE(second) << stream.error();
  EXPECT_EQ(JsonAnswer(second->data).string_at("/result/content/0/text"), "slept 1000 ms");
}

TEST(TestServerSseTest, UnknownOrMissingSessionIsRejected) {
  StartedServer server = start_listening_test_server("sse");
  ASSERT_TRUE(server.ok()) << server.error;
  HttpTestClient client(server.port);
  HttpTestResult unknown =
      client.post_json("/messages?sessionId=00000000000000000000000000000000", request(1, "ping"));
  ASSERT_TRUE(unknown.ok()) << unknown.error;
  EXPECT_EQ(unknown.response.status, 404);
  HttpTestResult missing = client.post_json("/messages", request(2, "ping"));
  ASSERT_TRUE(missing.ok()) << missing.error;
  EXPECT_EQ(missing.response.status, 400);
  HttpTestResult elsewhere = client.post_json("/mcp", request(3, "ping"));
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.error;
  EXPECT_EQ(elsewhere.response.status, 404);
}

}  // namespace
}  // namespace berth::test_support
