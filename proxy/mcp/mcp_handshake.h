#pragma once
// The MCP messages a health probe exchanges over HTTP: `server/discover` (the modern era's, tried
// first), `initialize` (the legacy era's, the fallback), and the tests of their answers.
// Pure functions; thread-safe.

#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "base/result.h"

namespace berth::proxy::mcp {

// The id berth's HTTP probes give their `initialize` request.
inline constexpr std::string_view kProbeRequestId = "berth-probe";

// `{"jsonrpc":"2.0","id":"berth-probe","method":"initialize","params":{…}}` (protocol
// 2025-06-18, clientInfo berth 0.1.0).
std::string initialize_request_json();

// `{"jsonrpc":"2.0","id":"berth-probe","method":"server/discover","params":{"_meta":{…}}}` with
// the per-request fields 2026-07-28 requires (protocolVersion, clientCapabilities, clientInfo).
std::string discover_request_json();
// The revision the discover probe names (MCP-Protocol-Version and _meta).
inline constexpr std::string_view kDiscoverVersionHeader = "2026-07-28";

// Whether the answer `json` to discover_request_json() (HTTP status `status`) shows a modern
// server: a result with supportedVersions, or an error only a modern server gives (e.g.
// -32022, a revision it does not serve). Anything else (a legacy server's 400, 404 or 405, or
// its JSON-RPC error) means: try initialize.
bool is_modern_discover_answer(std::string_view json);

// True if `message` is the answer to the probe's request (its id, no method).
bool is_probe_answer(const rapidjson::Document& message);

// ok if `json` is a JSON-RPC answer carrying `result.protocolVersion`; else what is wrong.
Status check_initialize_answer(std::string_view json);

}  // namespace berth::proxy::mcp
