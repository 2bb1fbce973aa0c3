// HttpConnection, second half: streamed responses (chunked, one chunk in flight, back-pressure
// through WriteDone) and the watch that notices a client going away while a handler works.

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/write.hpp>

#include "proxy/http/http_connection.h"

namespace berth::proxy::http {

namespace beast = boost::beast;
namespace asio = boost::asio;

void HttpConnection::start_stream(std::uint64_t id, StreamHead head) {
  if (id != request_id_ || state_ != State::kHandling) return;
  state_ = State::kStreaming;
  finish_head(head);
  head.keep_alive(keep_alive_);
  head.chunked(true);
  stream_head_ = std::make_unique<StreamHead>(std::move(head));
  stream_serializer_ =
      std::make_unique<beast::http::response_serializer<beast::http::empty_body>>(*stream_head_);
  stream_.expires_after(context_->options.write_timeout);
  beast::http::async_write_header(
      stream_, *stream_serializer_,
      beast::bind_front_handler(&HttpConnection::on_write_stream_head, shared_from_this()));
}

void HttpConnection::on_write_stream_head(beast::error_code ec, std::size_t) {
  stream_serializer_.reset();
  stream_head_.reset();
  if (state_ == State::kClosed) return;
  if (ec) return fail(ec, "write-stream-head");
  stream_head_written_ = true;
  if (head_request_) end_requested_ = true;  // HEAD: the header is the whole answer
  pump();
}

void HttpConnection::write_chunk(std::uint64_t id, std::string data, WriteDone done) {
  bool accepted =
      id == request_id_ && state_ == State::kStreaming && !end_requested_ && !head_request_;
  if (!accepted || data.empty()) {
    // An empty chunk would end the body; a chunk after the end (or for HEAD) is never written.
    if (done) asio::post(stream_.get_executor(), [done, accepted] { done(accepted); });
    return;
  }
  chunks_.push_back(Chunk{std::move(data), std::move(done)});
  pump();
}

void HttpConnection::end_stream(std::uint64_t id) {
  if (id != request_id_ || state_ != State::kStreaming) return;
  end_requested_ = true;
  pump();
}

// Starts the next write of the stream, if one is due and none is in flight.
void HttpConnection::pump() {
  if (state_ != State::kStreaming || !stream_head_written_ || chunk_in_flight_) return;
  if (!chunks_.empty()) {
    chunk_in_flight_ = true;
    stream_.expires_after(context_->options.write_timeout);
    asio::async_write(
        stream_, beast::http::make_chunk(asio::buffer(chunks_.front().data)),
        beast::bind_front_handler(&HttpConnection::on_write_chunk, shared_from_this()));
  } else if (end_requested_) {
    chunk_in_flight_ = true;
    if (head_request_) return on_write_last_chunk({}, 0);
    stream_.expires_after(context_->options.write_timeout);
    asio::async_write(
        stream_, beast::http::make_chunk_last(),
        beast::bind_front_handler(&HttpConnection::on_write_last_chunk, shared_from_this()));
  }
}

void HttpConnection::on_write_chunk(beast::error_code ec, std::size_t) {
  chunk_in_flight_ = false;
  Chunk chunk = std::move(chunks_.front());  // kept queued while on the wire, even by fail()
  chunks_.pop_front();
  if (ec) fail(ec, "write-chunk");  // fails the chunks still queued
  if (state_ == State::kClosed) {
    if (chunk.done) chunk.done(false);
    return;
  }
  if (chunk.done) chunk.done(true);  // may queue the next chunk
  pump();
}

void HttpConnection::on_write_last_chunk(beast::error_code ec, std::size_t) {
  chunk_in_flight_ = false;
  if (state_ == State::kClosed) return;  // the client left as the stream ended
  if (ec) return fail(ec, "write-last-chunk");
  log_request();
  stream_head_written_ = false;
  end_requested_ = false;
  finish_response();
}

// Fails every queued chunk but the one on the wire, which stays in place (its write reads its
// buffer, which may be inside the deque's own storage) until on_write_chunk fails it.
void HttpConnection::fail_chunks() {
  const size_t on_the_wire = chunk_in_flight_ && !chunks_.empty() ? 1 : 0;
  std::deque<Chunk> failed;
  while (chunks_.size() > on_the_wire) {
    failed.push_front(std::move(chunks_.back()));
    chunks_.pop_back();
  }
  end_requested_ = false;
  stream_head_written_ = false;
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
