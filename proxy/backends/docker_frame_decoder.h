#pragma once
// DockerFrameDecoder: turns Docker's multiplexed stdout/stderr stream back into payloads.
//
// Without a TTY, `attach` and `logs` interleave a container's stdout and stderr as frames: an
// 8-byte header (stream type 0 stdin, 1 stdout, 2 stderr; three zero bytes; big-endian uint32
// payload size) followed by the payload. Bytes arrive with arbitrary read boundaries, so the
// decoder keeps a partial header between calls and hands out each piece of payload as soon as it
// arrives (a frame may reach the sink in several pieces; a zero-length frame reaches it not at
// all). A plain value; not thread-safe.

#include <cstdint>
#include <functional>
#include <string_view>

namespace berth::proxy {

enum class DockerStream : uint8_t { kStdin = 0, kStdout = 1, kStderr = 2 };

class DockerFrameDecoder {
 public:
  using Sink = std::function<void(DockerStream stream, std::string_view payload)>;

  // Feeds the next bytes; calls `sink` for every piece of payload they complete. Returns false,
  // and decodes nothing more, once a header names an unknown stream (the stream is not
  // multiplexed, e.g. the container has a TTY).
  [[nodiscard]] bool feed(std::string_view bytes, const Sink& sink);

  // True between frames: no partial header or payload is pending.
  bool at_frame_boundary() const { return header_size_ == 0 && remaining_ == 0; }

 private:
  static constexpr size_t kHeaderSize = 8;

  bool parse_header();

  unsigned char header_[kHeaderSize] = {};
  size_t header_size_ = 0;  // bytes of header_ filled so far
  uint32_t remaining_ = 0;  // payload bytes of the current frame still to come
  DockerStream stream_ = DockerStream::kStdout;
  bool broken_ = false;
};

}  // namespace berth::proxy
