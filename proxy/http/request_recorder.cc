#include "proxy/http/request_recorder.h"

namespace berth::proxy::http {

std::optional<std::string_view> metered_server(std::string_view path) {
  for (std::string_view prefix : {std::string_view("/mcp/"), std::string_view("/sse/")}) {
    if (!path.starts_with(prefix)) continue;
    std::string_view rest = path.substr(prefix.size());
    std::string_view name = rest.substr(0, rest.find('/'));
    if (name.empty()) return std::nullopt;
    return name;
  }
  return std::nullopt;
}

std::string_view method_label(Verb method) {
  if (method == Verb::unknown) return "OTHER";
  return to_std(boost::beast::http::to_string(method));
}

}  // namespace berth::proxy::http
