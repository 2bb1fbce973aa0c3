#include "proxy/backends/attach_channel.h"

#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>

#include "proxy/mcp/server_message.h"

namespace berth::proxy {
namespace {

constexpr size_t kReadChunk = 64 * 1024;

}  // namespace

std::shared_ptr<AttachChannel> AttachChannel::create(DockerSocketClient client,
                                                     std::string container_id, std::string server,
                                                     std::shared_ptr<StderrRing> stderr_ring) {
  return std::shared_ptr<AttachChannel>(new AttachChannel(
      std::move(client), std::move(container_id), std::move(server), std::move(stderr_ring)));
}

AttachChannel::AttachChannel(DockerSocketClient client, std::string container_id,
                             std::string server, std::shared_ptr<StderrRing> stderr_ring)
    : client_(std::move(client)),
      container_id_(std::move(container_id)),
      server_(std::move(server)),
      log_tag_("server=" + server_ + " container=" + container_id_.substr(0, 12)),
      stderr_ring_(std::move(stderr_ring)),
      read_buffer_(kReadChunk),
      core_(client_.io(), log_tag_, [this](std::string message) { send(std::move(message)); }) {}

AttachChannel::~AttachChannel() {
  if (stream_) {
    beast::error_code ignored;
    stream_->socket.close(ignored);
  }
}

void AttachChannel::attach(std::chrono::milliseconds timeout) {
  if (open_op_ || stream_ || closed_) return;
  open_op_ = client_.open(
      beast_http::verb::post,
      "/containers/" + container_id_ + "/attach?stream=1&stdin=1&stdout=1&stderr=1", true, timeout,
      [self = shared_from_this()](auto result) { self->on_attach(std::move(result)); });
}

void AttachChannel::on_attach(Result<std::unique_ptr<DockerResponseStream>> result) {
  open_op_.reset();
  if (!result) return shut(Error{"attach failed: " + result.error(), result.error_code()});
  if (closed_) return;
  stream_ = std::move(result).value();
  spdlog::info("{} attached", log_tag_);
  const auto leftover = stream_->buffer.data();
  on_bytes(std::string_view(static_cast<const char*>(leftover.data()), leftover.size()));
  stream_->buffer.consume(stream_->buffer.size());
  if (closed_) return;
  do_read();
  do_write();
}

void AttachChannel::do_read() {
  stream_->socket.async_read_some(
      asio::buffer(read_buffer_),
      [self = shared_from_this()](beast::error_code ec, size_t n) { self->on_read(ec, n); });
}

void AttachChannel::on_read(beast::error_code ec, size_t bytes) {
  if (closed_) return;
  on_bytes(std::string_view(read_buffer_.data(), bytes));
  if (ec == asio::error::eof) return shut(Error{"the container closed its output"});
  if (ec) return shut(Error{"attach stream broke: " + ec.message()});
  if (!closed_) do_read();
}

void AttachChannel::on_bytes(std::string_view bytes) {
  const bool framed = decoder_.feed(bytes, [this](DockerStream stream, std::string_view payload) {
    auto& lines = stream == DockerStream::kStderr ? stderr_lines_ : stdout_lines_;
    lines.feed(
        payload,
        [this, stream](std::string_view line) {
          stream == DockerStream::kStderr ? on_stderr_line(line) : on_stdout_line(line);
        },
        [this, stream](size_t size) {
          spdlog::warn("{} stream={} dropped a line longer than {} bytes", log_tag_,
                       stream == DockerStream::kStderr ? "stderr" : "stdout", size);
        });
  });
  if (!framed) shut(Error{"attach stream is not multiplexed (does the container have a TTY?)"});
}

void AttachChannel::on_stdout_line(std::string_view line) {
  if (closed_ || line.find_first_not_of(" \t") == std::string_view::npos) return;
  if (auto message = mcp::read_server_message(core_, line)) core_.dispatch(std::move(*message));
}

void AttachChannel::on_stderr_line(std::string_view line) {
  spdlog::info("{} stream=stderr {}", log_tag_, line);
  if (stderr_ring_) stderr_ring_->append(line);
}

void AttachChannel::send(std::string message) {
  if (closed_) return;
  message.push_back('\n');
  write_queue_.push_back(std::move(message));
  do_write();
}

void AttachChannel::do_write() {
  if (in_flight_ != 0 || !stream_ || closed_ || write_queue_.empty()) return;
  // Every queued line goes out in one gathered write: under load, one syscall (and one wake-up
  // of dockerd's attach copier) carries many messages.
  std::vector<asio::const_buffer> lines;
  lines.reserve(write_queue_.size());
  for (const std::string& line : write_queue_) lines.push_back(asio::buffer(line));
  in_flight_ = write_queue_.size();
  asio::async_write(
      stream_->socket, lines,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_write(ec); });
}

void AttachChannel::on_write(beast::error_code ec) {
  const size_t written = in_flight_;
  in_flight_ = 0;
  if (closed_) return;
  if (ec) return shut(Error{"writing to the container's stdin: " + ec.message()});
  write_queue_.erase(write_queue_.begin(), write_queue_.begin() + static_cast<long>(written));
  do_write();
}

void AttachChannel::close() { shut(Error{"backend closed by berth"}); }

void AttachChannel::shut(const Error& reason) {
  if (closed_) return;
  closed_ = true;
  spdlog::info("{} attach stream closed: {}", log_tag_, reason.message);
  // Dropping the open breaks the cycle op -> handler -> this even if its handler never runs.
  if (open_op_) open_op_->cancel();
  open_op_.reset();
  if (stream_) {
    beast::error_code ignored;
    stream_->socket.close(ignored);
  }
  // A write in flight still refers to its lines until its handler runs.
  write_queue_.erase(write_queue_.begin() + static_cast<long>(in_flight_), write_queue_.end());
  core_.close(reason);
}

}  // namespace berth::proxy
