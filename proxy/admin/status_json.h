#pragma once
// The JSON of the read-only status endpoints, built from a reconciler::StatusSnapshot:
//   /status        {"servers":[<server>…],"errors":[{"file","line","column","message"}…]}
//   /status/{name} <server> plus "events":[{"time","kind","message"}…] (the last 20)
// where <server> is {"name","phase","ready","transport","era","route","image","containerId",
// "specHash","restarts","calls","lastError","source","since"}. "era" is the protocol era of the
// server as berth's probes found it: "legacy" (it answers initialize), "modern" (it answers
// server/discover, 2026-07-28), or "unknown" before a probe succeeded; like "calls" it is there
// only with a ProxyMetrics registry. Times are RFC 3339 UTC with
// milliseconds. "calls" is the server's total of berth_requests_total (answers to its /mcp and
// /sse paths, see metrics.h), 0 before its first; it is there only when a ProxyMetrics registry
// is given (null: no "calls" field). Pure functions but for reading that thread-safe registry.

#include <string>

#include "proxy/admin/metrics.h"
#include "reconciler/handoff/server_status.h"

namespace berth::proxy::admin {

inline constexpr std::size_t kMaxEvents = 20;

[[nodiscard]] std::string status_json(const reconciler::StatusSnapshot& snapshot,
                                      const ProxyMetrics* metrics = nullptr);
[[nodiscard]] std::string server_status_json(const reconciler::ServerStatus& server,
                                             const ProxyMetrics* metrics = nullptr);

// "2026-11-21T05:08:13.123Z"
[[nodiscard]] std::string rfc3339_utc(reconciler::WallTime time);

// SpecError::to_string() without its "file:line:col: " prefix: "field: message".
[[nodiscard]] std::string error_message(const specs::SpecError& error);

}  // namespace berth::proxy::admin
