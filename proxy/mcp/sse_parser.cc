#include "proxy/mcp/sse_parser.h"

namespace berth::proxy::mcp {

bool SseParser::feed(std::string_view bytes, const EventSink& sink) {
  for (const char c : bytes) {
    if (after_cr_ && c == '\n') {
      after_cr_ = false;
      continue;
    }
    after_cr_ = c == '\r';
    if (c == '\r' || c == '\n') {
      on_line(line_, sink);
      line_.clear();
      continue;
    }
    line_.push_back(c);
    if (line_.size() + event_.data.size() > max_event_) return false;
  }
  return true;
}

void SseParser::on_line(std::string_view line, const EventSink& sink) {
  if (line.empty()) {
    if (has_data_) sink(event_);
    event_ = SseEvent{};
    has_data_ = false;
    return;
  }
  if (line.front() == ':') return;
  const size_t colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
  if (value.starts_with(' ')) value.remove_prefix(1);
  if (field == "event") {
    event_.event = value;
  } else if (field == "data") {
    if (has_data_) event_.data.push_back('\n');
    event_.data.append(value);
    has_data_ = true;
  } else if (field == "id") {
    event_.id = value;
  }
}

}  // namespace berth::proxy::mcp
