#pragma once
// The MCP messages a health probe exchanges over HTTP: the `initialize` request and the test of
// its answer. Pure functions; thread-safe.

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

// True if `message` is the answer to the probe's request (its id, no method).
bool is_probe_answer(const rapidjson::Document& message);

// ok if `json` is a JSON-RPC answer carrying `result.protocolVersion`; else what is wrong.
Status check_initialize_answer(std::string_view json);

}  // namespace berth::proxy::mcp
