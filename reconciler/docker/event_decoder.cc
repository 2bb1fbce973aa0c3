#include "reconciler/docker/event_decoder.h"

#include "reconciler/docker/engine_json.h"

namespace berth::reconciler::docker {
namespace {

constexpr size_t kMaxEventBytes = 1u << 20;

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

Status EventDecoder::feed(std::string_view chunk,
                          const std::function<void(const DockerEvent&)>& on_event) {
  partial_.append(chunk);
  size_t start = 0;
  for (size_t end = partial_.find('\n'); end != std::string::npos;
       end = partial_.find('\n', start)) {
    std::string_view line(partial_.data() + start, end - start);
    start = end + 1;
    if (is_blank(line)) continue;
    auto event = parse_event(line);
    if (!event) {
      partial_.clear();
      return event.error_value();
    }
    on_event(*event);
  }
  partial_.erase(0, start);
  if (partial_.size() > kMaxEventBytes) {
    partial_.clear();
    return Error{"the Docker engine sent an event longer than 1 MiB", 0};
  }
  return ok_status();
}

}  // namespace berth::reconciler::docker
