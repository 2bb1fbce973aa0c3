#pragma once
// LineSplitter: cuts a byte stream into newline-terminated lines of any length.
//
// Bytes come in pieces of any size; each complete line (without its '\n', and without a '\r'
// before it) goes to the sink. A line may be as long as `max_line` bytes; a longer one is dropped
// whole, and the sink hears of it once through `on_overflow`, so one runaway line cannot exhaust
// memory. A plain value; not thread-safe.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace berth::proxy {

class LineSplitter {
 public:
  using LineSink = std::function<void(std::string_view line)>;
  using OverflowSink = std::function<void(size_t dropped_at_least)>;

  static constexpr size_t kDefaultMaxLine = size_t{64} << 20;  // 64 MiB

  explicit LineSplitter(size_t max_line = kDefaultMaxLine) : max_line_(max_line) {}

  void feed(std::string_view bytes, const LineSink& on_line, const OverflowSink& on_overflow);

  // The bytes of the unterminated last line, if any (e.g. to log at end of stream).
  const std::string& partial() const { return partial_; }

 private:
  void emit(std::string_view line, const LineSink& on_line);

  size_t max_line_;
  std::string partial_;
  bool discarding_ = false;  // inside an over-long line: drop bytes up to the next '\n'
};

}  // namespace berth::proxy
