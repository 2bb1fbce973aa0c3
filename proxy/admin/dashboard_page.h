#pragma once
// The read-only dashboard served at `/`: one self-contained HTML page (no external assets) whose
// script fills a table of the servers from /status and refreshes it every 2 s. The page itself
// holds no data, so it needs no token: when berth runs with --token-file, the script asks for
// the token once (kept in the tab's sessionStorage) and sends it as `Authorization: Bearer`.
// Every value is set through textContent, never parsed as HTML. Pure; thread-safe.

#include <string_view>

namespace berth::proxy::admin {

[[nodiscard]] std::string_view dashboard_html();

}  // namespace berth::proxy::admin
