// HttpConnection, second half: streamed responses (chunked, one write in flight, back-pressure
// through WriteDone) and the watch that notices a client going away while a handler works.
//
// Writes are gathered: start_stream, write_chunk and end_stream only queue, and post one flush()
// for the turn; the flush writes the head, every queued chunk and the last chunk that are due in
// one writev. A POST answered as a short event stream (head, one event, end) thus reaches the
// client as one segment, and chunks queued while a write is on the wire leave together after it.

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdio>
#include <sstream>
#include <utility>
#include <vector>

#include "proxy/http/http_connection.h"

namespace berth::proxy::http {

namespace beast = boost::beast;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kLastChunk = "0\r\n\r\n";

std::string chunk_size_line(std::size_t size) {
  char line[32];
  const int length = std::snprintf(line, sizeof line, "%zx\r\n", size);
  return std::string(line, static_cast<std::size_t>(length));
}

}  // namespace

void HttpConnection::start_stream(std::uint64_t id, StreamHead head) {
  if (id != request_id_ || state_ != State::kHandling) return;
  state_ = State::kStreaming;
  finish_head(head);
  head.keep_alive(keep_alive_);
  head.chunked(true);
  std::ostringstream text;
  text << head.base();  // the status line, the fields and the blank line; no body
  stream_head_ = std::move(text).str();
  if (head_request_) end_requested_ = true;  // HEAD: the header is the whole answer
  schedule_flush();
}

void HttpConnection::write_chunk(std::uint64_t id, std::string data, WriteDone done) {
  bool accepted =
      id == request_id_ && state_ == State::kStreaming && !end_requested_ && !head_request_;
  if (!accepted || data.empty()) {
    // An empty chunk would end the body; a chunk after the end (or for HEAD) is never written.
    if (done) asio::post(stream_.get_executor(), [done, accepted] { done(accepted); });
    return;
  }
  chunks_.push_back(Chunk{chunk_size_line(data.size()), std::move(data), std::move(done)});
  schedule_flush();
}

void HttpConnection::end_stream(std::uint64_t id) {
  if (id != request_id_ || state_ != State::kStreaming) return;
  end_requested_ = true;
  schedule_flush();
}

void HttpConnection::schedule_flush() {
  if (flush_scheduled_ || stream_writing_) return;  // a write's completion flushes what follows
  flush_scheduled_ = true;
  asio::post(stream_.get_executor(),
             beast::bind_front_handler(&HttpConnection::flush, shared_from_this()));
}

void HttpConnection::flush() {
  flush_scheduled_ = false;
  if (state_ != State::kStreaming || stream_writing_) return;
  std::vector<asio::const_buffer> wire;
  wire.reserve(2 + 3 * chunks_.size());
  if (!stream_head_.empty()) wire.push_back(asio::buffer(stream_head_));
  for (const Chunk& chunk : chunks_) {
    wire.push_back(asio::buffer(chunk.size_line));
    wire.push_back(asio::buffer(chunk.data));
    wire.push_back(asio::buffer(kCrlf));
  }
  if (end_requested_ && !head_request_) wire.push_back(asio::buffer(kLastChunk));
  if (wire.empty() && !end_requested_) return;
  chunks_on_wire_ = chunks_.size();
  last_chunk_on_wire_ = end_requested_;
  stream_writing_ = true;
  stream_.expires_after(context_->options.write_timeout);
  asio::async_write(
      stream_, wire,
      beast::bind_front_handler(&HttpConnection::on_write_stream, shared_from_this()));
}

void HttpConnection::on_write_stream(beast::error_code ec, std::size_t) {
  stream_writing_ = false;
  stream_head_.clear();
  std::vector<Chunk> written;  // kept queued while on the wire, even by fail()
  written.reserve(chunks_on_wire_);
  for (; chunks_on_wire_ > 0; --chunks_on_wire_) {
    written.push_back(std::move(chunks_.front()));
    chunks_.pop_front();
  }
  const bool ended = std::exchange(last_chunk_on_wire_, false);
  if (ec) fail(ec, "write-stream");  // fails the chunks still queued
  if (state_ == State::kClosed) {
    for (Chunk& chunk : written) {
      if (chunk.done) chunk.done(false);
    }
    return;
  }
  if (ended) {
    log_request();
    end_requested_ = false;
    finish_response();
    return;
  }
  for (Chunk& chunk : written) {
    if (chunk.done) chunk.done(true);  // may queue the next chunk
  }
  if (!chunks_.empty() || end_requested_) flush();
}

// Fails every queued chunk but those on the wire, which stay in place (the write reads their
// buffers, which may be inside the deque's own storage) until on_write_stream fails them.
void HttpConnection::fail_chunks() {
  const std::size_t on_the_wire = stream_writing_ ? chunks_on_wire_ : 0;
  std::deque<Chunk> failed;
  while (chunks_.size() > on_the_wire) {
    failed.push_front(std::move(chunks_.back()));
    chunks_.pop_back();
  }
  end_requested_ = false;
  if (!stream_writing_) stream_head_.clear();
  for (Chunk& chunk : failed) {
    if (chunk.done) chunk.done(false);
  }
}

// Reads while the handler works: an error means the client has gone; bytes are the next
// (pipelined) request, kept in buffer_ for later, and end the watch.
void HttpConnection::do_watch() {
  watching_ = true;
  stream_.expires_never();
  stream_.async_read_some(buffer_.prepare(4096),
                          beast::bind_front_handler(&HttpConnection::on_watch, shared_from_this()));
}

void HttpConnection::on_watch(beast::error_code ec, std::size_t bytes) {
  watching_ = false;
  if (!ec) buffer_.commit(bytes);
  if (state_ == State::kClosed) return;
  if (state_ == State::kFinishing) {
    if (ec && ec != asio::error::operation_aborted) return fail(ec, "watch");
    return continue_connection();
  }
  if (ec) fail(ec, "client-gone");
}

}  // namespace berth::proxy::http
