#include "proxy/backends/docker_logs_reader.h"

#include <boost/beast/http/read.hpp>

namespace berth::proxy {

void DockerLogsReader::start(const std::string& container_id, const LogsOptions& options,
                             ChunkHandler on_chunk, DoneHandler on_done) {
  on_chunk_ = std::move(on_chunk);
  on_done_ = std::move(on_done);
  std::string target = "/containers/" + container_id + "/logs?stdout=1&stderr=1";
  if (options.tail) target += "&tail=" + std::to_string(*options.tail);
  target += options.follow ? "&follow=1" : "&follow=0";
  open_op_ =
      client_.open(beast_http::verb::get, std::move(target), false, options.open_timeout,
                   [self = shared_from_this()](auto result) { self->on_open(std::move(result)); });
}

void DockerLogsReader::cancel() {
  cancelled_ = true;
  if (open_op_) open_op_->cancel();
  open_op_.reset();  // breaks the cycle op -> handler -> this even if its handler never runs
  if (stream_) {
    beast::error_code ignored;
    stream_->socket.close(ignored);
  }
}

void DockerLogsReader::on_open(Result<std::unique_ptr<DockerResponseStream>> result) {
  open_op_.reset();
  if (cancelled_) return finish(ok_status());
  if (!result) return finish(result.error_value());
  stream_ = std::move(result).value();
  parser_ = std::make_unique<beast_http::response_parser<beast_http::buffer_body>>(
      std::move(*stream_->parser));
  parser_->body_limit(kNoBodyLimit);
  do_read();
}

void DockerLogsReader::do_read() {
  parser_->get().body().data = chunk_;
  parser_->get().body().size = sizeof(chunk_);
  beast_http::async_read_some(
      stream_->socket, stream_->buffer, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
}

void DockerLogsReader::on_read(beast::error_code ec) {
  if (ec == beast_http::error::need_buffer) ec = {};
  if (cancelled_) return finish(ok_status());
  const size_t got = sizeof(chunk_) - parser_->get().body().size;
  const bool framed = decoder_.feed(std::string_view(chunk_, got),
                                    [this](DockerStream stream, std::string_view bytes) {
                                      if (!cancelled_) on_chunk_(stream, bytes);
                                    });
  if (!framed) return finish(Error{"container output is not multiplexed (TTY container?)"});
  if (ec) return finish(Error{"reading docker logs: " + ec.message()});
  if (parser_->is_done() || cancelled_) return finish(ok_status());
  do_read();
}

void DockerLogsReader::finish(Status status) {
  if (!on_done_) return;
  if (stream_) {
    beast::error_code ignored;
    stream_->socket.close(ignored);
  }
  auto done = std::move(on_done_);
  on_done_ = nullptr;
  on_chunk_ = nullptr;
  done(std::move(status));
}

}  // namespace berth::proxy
