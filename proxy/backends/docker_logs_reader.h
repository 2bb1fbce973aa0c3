#pragma once
// DockerLogsReader: streams a container's output from the Engine's logs endpoint.
//
// GET /containers/{id}/logs?stdout=1&stderr=1&tail=N&follow=0|1 answers with the container's
// stdout and stderr as Docker's multiplexed frames (in an HTTP chunked body); the reader decodes
// them and calls `on_chunk(stream, bytes)` for each piece as it arrives, with no buffering of
// whole lines. Without follow the stream ends after the tail; with follow it ends when the
// container stops or on `cancel()`. `on_done` is called exactly once: ok at the end of the stream
// or after cancel(), else the reason (no such container, …). Containers with a TTY send raw,
// unframed output and are reported as an error.
//
// Made with create() (shared_ptr: the reader keeps itself alive while its reads are in flight).
// Runs on the owner's io_context, which must be run by one thread; callbacks are called on it.
// Not thread-safe: call start() and cancel() from that thread (post them).

#include <boost/beast/http/buffer_body.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "proxy/backends/body_limit.h"
#include "proxy/backends/docker_frame_decoder.h"
#include "proxy/backends/docker_socket_client.h"

namespace berth::proxy {

struct LogsOptions {
  std::optional<int> tail;  // last N lines; all when unset
  bool follow = false;
  std::chrono::milliseconds open_timeout{5000};  // to the response head; none after
};

class DockerLogsReader : public std::enable_shared_from_this<DockerLogsReader> {
 public:
  using ChunkHandler = std::function<void(DockerStream stream, std::string_view bytes)>;
  using DoneHandler = std::function<void(Status)>;

  static std::shared_ptr<DockerLogsReader> create(DockerSocketClient client) {
    return std::shared_ptr<DockerLogsReader>(new DockerLogsReader(std::move(client)));
  }

  void start(const std::string& container_id, const LogsOptions& options, ChunkHandler on_chunk,
             DoneHandler on_done);
  // Stops the stream; on_done(ok) follows (from the io_context, not from inside cancel()).
  void cancel();

 private:
  explicit DockerLogsReader(DockerSocketClient client) : client_(std::move(client)) {}

  void on_open(Result<std::unique_ptr<DockerResponseStream>> result);
  void do_read();
  void on_read(beast::error_code ec);
  void finish(Status status);

  DockerSocketClient client_;
  std::shared_ptr<DockerOpenOp> open_op_;
  std::unique_ptr<DockerResponseStream> stream_;
  std::unique_ptr<beast_http::response_parser<beast_http::buffer_body>> parser_;
  DockerFrameDecoder decoder_;
  char chunk_[16 * 1024];
  ChunkHandler on_chunk_;
  DoneHandler on_done_;
  bool cancelled_ = false;
};

}  // namespace berth::proxy
