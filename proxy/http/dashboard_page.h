#pragma once
// The read-only dashboard served at `/`: one self-contained HTML page (no external assets)
// with a table of the servers, rendered from the snapshot and refreshed by a few lines of
// script that poll /status every 2 s. Every value is escaped (server side) or set through
// textContent (script side). Pure functions.

#include <string>
#include <string_view>

#include "reconciler/server_status.h"

namespace berth::proxy::http {

[[nodiscard]] std::string dashboard_html(const reconciler::StatusSnapshot& snapshot);

// Escapes & < > " ' for text and attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace berth::proxy::http
