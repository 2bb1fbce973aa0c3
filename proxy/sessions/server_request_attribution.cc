#include "proxy/sessions/server_request_attribution.h"

#include <string_view>

namespace berth::proxy::sessions {

Result<std::string> attribute_server_request(const RequestIdMap& requests, Upstream upstream,
                                             const rapidjson::Value* progress_token) {
  if (progress_token != nullptr) {
    const ForwardedRequest* request =
        progress_token->IsString()
            ? requests.find(
                  std::string_view(progress_token->GetString(), progress_token->GetStringLength()))
            : nullptr;
    if (request == nullptr || request->upstream != upstream) {
      return Error{"its progress token names no client request in flight"};
    }
    return std::string(progress_token->GetString(), progress_token->GetStringLength());
  }
  if (auto only = requests.only(upstream)) return std::move(*only);
  const size_t in_flight = requests.size(upstream);
  if (in_flight == 0) return Error{"no client request is in flight"};
  return Error{std::to_string(in_flight) +
               " client requests are in flight and it carries no progress token naming one"};
}

}  // namespace berth::proxy::sessions
