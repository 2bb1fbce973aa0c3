#pragma once
// EventDecoder: turns the bytes of GET /events, as they arrive, into DockerEvents. The engine
// writes one JSON object per line; a read may end anywhere, so a partial line is kept until its
// end arrives.
//
// Thread safety: none; one decoder belongs to one stream.

#include <functional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "reconciler/docker_api.h"

namespace berth::reconciler::docker {

class EventDecoder {
 public:
  // Calls `on_event` for every event completed by `chunk`. An error for an unreadable line or a
  // line longer than any event (the stream cannot be trusted then; reconnect and re-list).
  Status feed(std::string_view chunk, const std::function<void(const DockerEvent&)>& on_event);

  size_t buffered() const { return partial_.size(); }

 private:
  std::string partial_;
};

}  // namespace berth::reconciler::docker
