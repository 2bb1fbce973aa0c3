#pragma once
// AttachChannel: the one `docker attach` stream of a stdio MCP server's container.
//
// A container has exactly one AttachChannel (see AttachChannels): two writers on one stdin would
// interleave their lines. The backend writes JSON-RPC messages to the container's stdin one line
// at a time (writes never interleave) and reads its multiplexed stdout/stderr: stdout is cut into
// lines of any length (up to 64 MiB), lines that are not JSON (a banner) are logged and skipped,
// stderr lines are logged as `server=<name> stream=stderr` and kept in the server's StderrRing.
//
// Ids: requests berth itself sends (send_request: the handshake, probes' pings) carry string ids
// "berth:<tag>:<n>" (mcp::McpClientCore) and their answers go back to their callers. Every other
// message (answers to the requests of client sessions, notifications, server-to-client requests)
// goes to the message handler; whoever multiplexes client sessions over this backend must keep
// their ids out of the "berth:" space.
//
// Lifetime: when the stream ends (container died, killed, or close()) every pending request
// fails at once and the closed handler runs once; a closed backend stays closed (attach again
// with a new one). The result of the backend's `initialize` is kept for the life of the stream.
//
// Made with create() (shared_ptr: reads and writes in flight keep it alive). Runs on the owner's
// io_context, which must be run by one thread; handlers are called on it. Not thread-safe: call
// every method from that thread (post to it).

#include <rapidjson/document.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/backends/docker_frame_decoder.h"
#include "proxy/backends/docker_socket_client.h"
#include "proxy/backends/line_splitter.h"
#include "proxy/backends/stderr_ring.h"
#include "proxy/mcp/mcp_channel.h"
#include "proxy/mcp/mcp_client_core.h"

namespace berth::proxy {

class AttachChannel final : public mcp::McpChannel,
                            public std::enable_shared_from_this<AttachChannel> {
 public:
  // `stderr_ring`, when given, keeps the server's stderr lines (see stderr_ring.h).
  static std::shared_ptr<AttachChannel> create(DockerSocketClient client, std::string container_id,
                                               std::string server,
                                               std::shared_ptr<StderrRing> stderr_ring = nullptr);
  ~AttachChannel() override;

  // Starts `POST /containers/{id}/attach` (stdin, stdout, stderr; stream). Messages sent before
  // the attach completes are queued; if it fails, the backend closes with the reason.
  void attach(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Messages that are not answers to berth's own requests. Without a handler, berth answers
  // the server's requests itself (mcp::McpClientCore::dispatch) and drops the rest.
  void set_message_handler(MessageHandler handler) override {
    core_.set_message_handler(std::move(handler));
  }
  // Called once when the stream ends.
  void set_closed_handler(ClosedHandler handler) override {
    core_.set_closed_handler(std::move(handler));
  }

  // Queues one serialized JSON-RPC message: compact JSON, one line, without the newline (JSON
  // writers escape newlines in strings; never send pretty-printed JSON). Dropped once closed.
  void send(std::string message) override;
  // Sends `{"jsonrpc":"2.0","id":"berth:<tag>:<n>","method":…,"params":…}` (params: a JSON text, or
  // empty for none); `handler` gets the `result` or the error, exactly once and never from
  // inside this call.
  void send_request(std::string_view method, std::string_view params_json,
                    std::chrono::milliseconds timeout, mcp::ResponseHandler handler) {
    core_.send_request(method, params_json, timeout, std::move(handler));
  }
  // The MCP handshake, performed once per stream: `initialize`, then `notifications/initialized`.
  // Once it has succeeded, later calls get the kept result; concurrent calls share one request.
  void initialize(std::chrono::milliseconds timeout, mcp::ResponseHandler handler) override {
    core_.initialize(timeout, std::move(handler));
  }
  // The backend's initialize result once the handshake succeeded, else null.
  std::shared_ptr<const rapidjson::Document> initialize_result() const {
    return core_.initialize_result();
  }

  // Ends the stream (as if the container had closed it).
  void close() override;
  bool closed() const override { return closed_; }
  const std::string& container_id() const { return container_id_; }
  const std::string& server() const { return server_; }

 private:
  AttachChannel(DockerSocketClient client, std::string container_id, std::string server,
                std::shared_ptr<StderrRing> stderr_ring);

  void on_attach(Result<std::unique_ptr<DockerResponseStream>> result);
  void do_read();
  void on_read(beast::error_code ec, size_t bytes);
  void on_bytes(std::string_view bytes);
  void on_stdout_line(std::string_view line);
  void on_stderr_line(std::string_view line);
  void do_write();
  void on_write(beast::error_code ec);
  void shut(const Error& reason);

  DockerSocketClient client_;
  std::string container_id_;
  std::string server_;
  std::string log_tag_;                      // "server=… container=…"
  std::shared_ptr<StderrRing> stderr_ring_;  // may be null
  std::shared_ptr<DockerOpenOp> open_op_;
  std::unique_ptr<DockerResponseStream> stream_;
  std::vector<char> read_buffer_;
  DockerFrameDecoder decoder_;
  LineSplitter stdout_lines_;
  LineSplitter stderr_lines_{64 * 1024};
  std::deque<std::string> write_queue_;  // the first in_flight_ lines are being written
  size_t in_flight_ = 0;
  bool closed_ = false;
  mcp::McpClientCore core_;  // berth's own requests, the handshake, where messages go
};

}  // namespace berth::proxy
