// Process tests of the test server's stdio transport: spawn the built binary, talk
// newline-delimited JSON-RPC over its stdin/stdout.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdlib>
#include <string>

#include "tests/tools/test_server/mcp_test_messages.h"
#include "tests/tools/test_server/test_server_process.h"

namespace berth::test_support {
namespace {

// Sends one line and returns the next line the server writes (or a placeholder that fails
// every check and shows the server's stderr).
std::string send_and_read(ChildProcess& server, const std::string& line) {
  if (!server.write_line(line, kServerTimeout)) return "<write failed>";
  return server.read_line(kServerTimeout)
      .value_or("<no answer; stderr: " + server.pending_stderr() + ">");
}

TEST(TestServerStdioTest, InitializeNegotiatesRequestedVersion) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  int id = 1;
  for (const char* version : {"2025-03-26", "2025-06-18", "2025-11-25"}) {
    JsonAnswer answer(send_and_read(*server.process, initialize_request(id, version)));
    EXPECT_EQ(answer.int_at("/id"), id);
    EXPECT_EQ(answer.string_at("/result/protocolVersion"), version);
    EXPECT_EQ(answer.json_at("/result/capabilities/tools"), "{}");
    EXPECT_EQ(answer.string_at("/result/serverInfo/name"), "berth-test-server");
    EXPECT_EQ(answer.string_at("/result/serverInfo/version"), "1.0.0");
    ++id;
  }
}

TEST(TestServerStdioTest, InitializeAnswersNewestForUnknownVersion) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  for (const char* version : {"2024-11-05", "1999-01-01"}) {
    JsonAnswer answer(send_and_read(*server.process, initialize_request(1, version)));
    EXPECT_EQ(answer.string_at("/result/protocolVersion"), "2025-11-25") << version;
  }
}

TEST(TestServerStdioTest, ToolsListNamesFiveToolsWithSchemas) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  JsonAnswer answer(send_and_read(*server.process, request(2, "tools/list")));
  int index = 0;
  for (const char* name : {"echo", "sleep", "crash", "getenv", "read_file"}) {
    std::string tool = "/result/tools/" + std::to_string(index++);
    EXPECT_EQ(answer.string_at(tool + "/name"), name);
    EXPECT_EQ(answer.string_at(tool + "/inputSchema/type"), "object");
    EXPECT_TRUE(answer.has(tool + "/inputSchema/required/0")) << name;
  }
  EXPECT_FALSE(answer.has("/result/tools/5"));
}

TEST(TestServerStdioTest, EchoReturnsText) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  JsonAnswer answer(send_and_read(*server.process, echo_call(3, "hello \"world\"\n")));
  EXPECT_EQ(answer.string_at("/jsonrpc"), "2.0");
  EXPECT_EQ(answer.int_at("/id"), 3);
  EXPECT_EQ(answer.string_at("/result/content/0/type"), "text");
  EXPECT_EQ(answer.string_at("/result/content/0/text"), "hello \"world\"\n");
}

TEST(TestServerStdioTest, GetenvAndReadFileShowWhatTheProcessSees) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  JsonAnswer home(send_and_read(*server.process, tool_call(3, "getenv", R"({"name":"HOME"})")));
  EXPECT_EQ(home.string_at("/result/content/0/text"), std::getenv("HOME"));
  JsonAnswer unset(
      send_and_read(*server.process, tool_call(4, "getenv", R"({"name":"BERTH_NO_SUCH_VAR"})")));
  EXPECT_EQ(unset.string_at("/result/content/0/text"), "(unset)");
  JsonAnswer file(
      send_and_read(*server.process, tool_call(5, "read_file", R"({"path":"/proc/self/comm"})")));
  EXPECT_EQ(file.string_at("/result/content/0/text"), "berth-test-serv\n");
  JsonAnswer missing(
      send_and_read(*server.process, tool_call(6, "read_file", R"({"path":"/no/such"})")));
  EXPECT_EQ(missing.string_at("/result/content/0/text"),
            "cannot read /no/such: No such file or directory");
}

TEST(TestServerStdioTest, SleepDoesNotBlockLaterEcho) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  ASSERT_TRUE(server.process->write_line(sleep_call(1, 1000), kServerTimeout));
  // Served in order, the echo could only be answered after the sleep.
  JsonAnswer first(send_and_read(*server.process, echo_call(2, "fast")));
  EXPECT_EQ(first.int_at("/id"), 2);
  EXPECT_EQ(first.string_at("/result/content/0/text"), "fast");
  JsonAnswer second(server.process->read_line(kServerTimeout).value_or(""));
  EXPECT_EQ(second.int_at("/id"), 1);
  EXPECT_EQ(second.string_at("/result/content/0/text"), "slept 1000 ms");
}

TEST(TestServerStdioTest, CrashExitsWithRequestedCode) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  ASSERT_TRUE(server.process->write_line(tool_call(4, "crash", R"({"code":42})"), kServerTimeout));
  std::optional<ExitStatus> status = server.process->wait(kServerTimeout);
  ASSERT_TRUE(status) << "still running after crash";
  EXPECT_TRUE(status->exited) << status->describe();
  EXPECT_EQ(status->code, 42);
  EXPECT_EQ(server.process->take_stdout(), "") << "crash must not answer";
}

TEST(TestServerStdioTest, UnknownMethodIsMethodNotFound) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  JsonAnswer answer(send_and_read(*server.process, request(5, "resources/list")));
  EXPECT_EQ(answer.int_at("/id"), 5);
  EXPECT_EQ(answer.int_at("/error/code"), -32601);
  EXPECT_FALSE(answer.has("/result"));
}

TEST(TestServerStdioTest, UnknownToolIsInvalidParams) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  JsonAnswer unknown(send_and_read(*server.process, tool_call(6, "nope", "{}")));
  EXPECT_EQ(unknown.int_at("/error/code"), -32602);
  JsonAnswer bad(send_and_read(*server.process, tool_call(7, "echo", R"({"text":7})")));
  EXPECT_EQ(bad.int_at("/id"), 7);
  EXPECT_EQ(bad.int_at("/error/code"), -32602);
}

TEST(TestServerStdioTest, ParseErrorAnswersWithNullId) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  JsonAnswer answer(send_and_read(*server.process, R"({"jsonrpc":"2.0","id":8,)"));
  EXPECT_EQ(answer.json_at("/id"), "null");
  EXPECT_EQ(answer.int_at("/error/code"), -32700);
  // The server carries on after a bad line.
  EXPECT_EQ(JsonAnswer(send_and_read(*server.process, request(9, "ping"))).json_at("/result"),
            "{}");
}

TEST(TestServerStdioTest, NotificationsAndResponsesGetNoAnswer) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  ASSERT_TRUE(server.process->write_line(initialized_notification(), kServerTimeout));
  ASSERT_TRUE(
      server.process->write_line(R"({"jsonrpc":"2.0","id":77,"result":{}})", kServerTimeout));
  ASSERT_TRUE(server.process->write_line(R"({"jsonrpc":"2.0","method":"nope"})", kServerTimeout));
  // The first line out must answer the ping sent after them.
  JsonAnswer answer(send_and_read(*server.process, request(10, "ping")));
  EXPECT_EQ(answer.int_at("/id"), 10);
  EXPECT_EQ(answer.json_at("/result"), "{}");
}

TEST(TestServerStdioTest, BannerLineComesFirst) {
  StartedServer server = start_test_server({"--banner", "starting up (not JSON)"});
  ASSERT_TRUE(server.ok()) << server.error;
  EXPECT_EQ(server.process->read_line(kServerTimeout).value_or("<none>"), "starting up (not JSON)");
  JsonAnswer answer(send_and_read(*server.process, initialize_request(1, "2025-06-18")));
  EXPECT_EQ(answer.string_at("/result/protocolVersion"), "2025-06-18");
}

TEST(TestServerStdioTest, EchoesOneMebibyteLine) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  std::string text(1 << 20, 'x');
  for (std::size_t i = 0; i < text.size(); i += 97) text[i] = static_cast<char>('a' + i % 26);
  JsonAnswer answer(send_and_read(*server.process, echo_call(11, text)));
  EXPECT_EQ(answer.int_at("/id"), 11);
  EXPECT_TRUE(answer.string_at("/result/content/0/text") == text) << "echoed text differs";
}

TEST(TestServerStdioTest, AnswersInFlightCallsBeforeExitingAtEof) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  ASSERT_TRUE(server.process->write_line(sleep_call(12, 300), kServerTimeout));
  server.process->close_stdin();
  JsonAnswer answer(server.process->read_line(kServerTimeout).value_or(""));
  EXPECT_EQ(answer.string_at("/result/content/0/text"), "slept 300 ms");
  std::optional<ExitStatus> status = server.process->wait(kServerTimeout);
  ASSERT_TRUE(status) << "still running after EOF";
  EXPECT_TRUE(status->exited && status->code == 0) << status->describe();
}

TEST(TestServerStdioTest, LogsToolCallsOnStderr) {
  StartedServer server = start_test_server();
  ASSERT_TRUE(server.ok()) << server.error;
  JsonAnswer answer(send_and_read(*server.process, echo_call(13, "hi")));
  EXPECT_EQ(answer.int_at("/id"), 13);
  EXPECT_EQ(server.process->read_stderr_line(kServerTimeout).value_or("<none>"), "call tool=echo");
}

TEST(TestServerStdioTest, QuietLogsNoCalls) {
  StartedServer server = start_test_server({"--quiet"});
  ASSERT_TRUE(server.ok()) << server.error;
  JsonAnswer answer(send_and_read(*server.process, echo_call(14, "hush")));
  EXPECT_EQ(answer.string_at("/result/content/0/text"), "hush");
  server.process->close_stdin();
  std::optional<ExitStatus> status = server.process->wait(kServerTimeout);
  ASSERT_TRUE(status) << "still running after EOF";
  EXPECT_EQ(server.process->take_stderr(), "");
}

TEST(TestServerStdioTest, ExitsZeroOnSigtermAndSigint) {
  for (int sig : {SIGTERM, SIGINT}) {
    StartedServer server = start_test_server();
    ASSERT_TRUE(server.ok()) << server.error;
    // An answer proves the server is up, with its signal handling in place.
    EXPECT_EQ(JsonAnswer(send_and_read(*server.process, request(1, "ping"))).json_at("/result"),
              "{}");
    ASSERT_TRUE(server.process->send_signal(sig));
    std::optional<ExitStatus> status = server.process->wait(kServerTimeout);
    ASSERT_TRUE(status) << "still running after signal " << sig;
    EXPECT_TRUE(status->exited && status->code == 0) << status->describe();
  }
}

}  // namespace
}  // namespace berth::test_support
