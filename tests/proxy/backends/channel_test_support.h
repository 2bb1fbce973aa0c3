#pragma once
// Helpers for the mcp::McpChannel tests (SseChannel, HttpChannel): the io_context runs on the test
// thread, in bounded steps, so a test sees the channel's handlers without locks and never hangs;
// a recorder keeps what the channel handed over.
// Not thread-safe: the test thread owns all of it.

#include <rapidjson/document.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/mcp/mcp_channel.h"
#include "tests/tools/child_process.h"

namespace berth::proxy::testing {

using namespace std::chrono_literals;

// Runs `io` on this thread until `done()` holds or `timeout` passes; returns done().
bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds timeout = 10s);

// Runs `io` until `child`'s stderr has a line containing `text` (the test server logs
// "call tool=sleep" when a call starts).
bool run_until_stderr(boost::asio::io_context& io, test_support::ChildProcess& child,
                      std::string_view text, std::chrono::milliseconds timeout = 10s);

// What a channel handed over: messages for clients, and the reason it closed.
class ChannelRecorder {
 public:
  // Sets the channel's message and closed handlers. The recorder must outlive the channel's
  // handlers (close the channel before the test ends).
  void attach(mcp::McpChannel& channel);
  // The message answering request `id` (raw JSON: `7`, `"a"`), or null.
  [[nodiscard]] const rapidjson::Document* answer(std::string_view id) const;

  std::vector<rapidjson::Document> messages;
  std::optional<Error> closed;
  int closed_calls = 0;
};

// Starts the handshake and runs `io` until its answer.
std::optional<mcp::JsonRpcResult> initialize(boost::asio::io_context& io, mcp::McpChannel& channel);

// Raw HTTP/1.1 answers, for fake servers' scripts. `extra_headers`: "Name: value\r\n" lines.
std::string http_answer(int status, std::string_view content_type, std::string_view body,
                        std::string_view extra_headers = "");
inline constexpr std::string_view kEventStreamHead =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
// One SSE event, as a chunk of a chunked body.
std::string event_chunk(std::string_view event, std::string_view data, std::string_view id = "");
// The raw JSON id of the message in `body` ("" for none), and its method ("" for none).
std::string id_of(std::string_view body);
std::string method_of(std::string_view body);

// The string at JSON Pointer `pointer` in `message`, or "" if there is none.
std::string string_at(const rapidjson::Value& message, const char* pointer);

}  // namespace berth::proxy::testing
