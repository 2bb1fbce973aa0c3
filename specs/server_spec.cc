#include "specs/server_spec.h"

namespace berth::specs {

std::string_view to_string(PullPolicy policy) {
  switch (policy) {
    case PullPolicy::kIfNotPresent:
      return "IfNotPresent";
    case PullPolicy::kAlways:
      return "Always";
    case PullPolicy::kNever:
      return "Never";
  }
  return "?";
}

std::string_view to_string(TransportType type) {
  switch (type) {
    case TransportType::kStdio:
      return "stdio";
    case TransportType::kStreamableHttp:
      return "streamable-http";
    case TransportType::kSse:
      return "sse";
  }
  return "?";
}

}  // namespace berth::specs
