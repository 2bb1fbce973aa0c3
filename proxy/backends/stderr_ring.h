#pragma once
// StderrRing: the recent stderr lines of one stdio server, kept in memory only. A stdio
// container keeps no Docker logs (its stdout is the MCP protocol, tool results included), so this
// is what `/logs/{name}` serves for it: stderr, never the protocol.
//
// Bounded by lines and by bytes (the oldest lines go first); one ring per server, kept across its
// containers' restarts. Not thread-safe: the proxy's io thread appends (AttachChannel) and reads
// (the logs endpoint).

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace berth::proxy {

class StderrRing {
 public:
  static constexpr size_t kMaxLines = 2000;
  static constexpr size_t kMaxBytes = 512 * 1024;
  static constexpr size_t kMaxLineBytes = 8 * 1024;  // longer lines are cut, marked with "…"

  void append(std::string_view line);
  // The last `n` lines (every line when `n` is larger), each ending in '\n'.
  std::string tail(size_t n) const;
  size_t size() const { return lines_.size(); }
  size_t bytes() const { return bytes_; }

 private:
  std::deque<std::string> lines_;
  size_t bytes_ = 0;
};

}  // namespace berth::proxy
