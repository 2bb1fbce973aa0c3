#pragma once
// RequestRecorder: what the HTTP server tells about every answer it gives to an MCP request, for
// whoever keeps metrics (admin's ProxyMetrics implements it). Declared here, by the server that
// calls it, so that the server depends on no metrics implementation.
//
// HttpConnection calls record() once per answer whose head it finished (complete or streamed,
// the handler's or the server's own 4xx/5xx) for paths metered_server() names; an answer never
// given (the client left first) is not recorded. Implementations must be thread-safe: every
// connection's strand calls them.

#include <chrono>
#include <optional>
#include <string_view>

#include "proxy/http/http_types.h"

namespace berth::proxy::http {

class RequestRecorder {
 public:
  virtual ~RequestRecorder() = default;
  // One answer to a request for `server`, `elapsed` after the request was read.
  virtual void record(std::string_view server, Verb method, unsigned code,
                      std::chrono::steady_clock::duration elapsed) = 0;
};

// The server a request path is metered under: the second segment of /mcp/{name}… and
// /sse/{name}… paths (raw, not %-decoded, as the router sees it); nullopt for other paths.
[[nodiscard]] std::optional<std::string_view> metered_server(std::string_view path);

// The method label: "GET", "POST", …; "OTHER" for methods Beast does not know.
[[nodiscard]] std::string_view method_label(Verb method);

}  // namespace berth::proxy::http
