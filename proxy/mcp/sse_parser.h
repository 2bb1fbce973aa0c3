#pragma once
// SseParser: cuts a text/event-stream body into events, as the HTML standard defines them.
//
// Fields `event`, `data` (several lines joined with '\n') and `id`; comment lines (":") are
// skipped; an empty line ends an event; lines end in "\n", "\r\n" or "\r". An event without an
// `event` field is a "message". Bytes arrive in pieces of any size. Events larger than the
// cap fail the stream (feed returns false). A plain value; not thread-safe.

#include <functional>
#include <string>
#include <string_view>

namespace berth::proxy::mcp {

struct SseEvent {
  std::string event = "message";
  std::string data;
  std::string id;
};

class SseParser {
 public:
  using EventSink = std::function<void(const SseEvent& event)>;

  explicit SseParser(size_t max_event = size_t{64} << 20) : max_event_(max_event) {}

  // Returns false once an event grew past the cap.
  [[nodiscard]] bool feed(std::string_view bytes, const EventSink& sink);

 private:
  void on_line(std::string_view line, const EventSink& sink);

  size_t max_event_;
  std::string line_;
  bool after_cr_ = false;  // the last byte was '\r': a following '\n' belongs to it
  SseEvent event_;
  bool has_data_ = false;
};

}  // namespace berth::proxy::mcp
