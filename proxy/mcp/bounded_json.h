#pragma once
// Bounded JSON reading: the one way berth parses JSON that a peer sent (client bodies, a server's
// stdout lines, SSE events and HTTP answers), so hostile input cannot exhaust the stack or memory.
//
// RapidJSON's default parser recurses once per nesting level, and so do copying (CopyFrom) and
// writing (Accept) a document: 100k nested arrays fit in 200 KB and overflow the stack. Here the
// parse is iterative (kParseIterativeFlag: no recursion) and stops at the first level past
// `max_depth`, so every document berth holds is at most that deep and the recursive copy and write
// paths stay shallow. A top-level array (a JSON-RPC batch) may also be capped in items; the parse
// stops at the first item past the cap, before building the rest.
//
// Why 128 levels: a JSON-RPC envelope takes 3 (message, params, arguments) and MCP tool arguments
// and the JSON Schemas of tools/list nest a few dozen at most; 128 is also serde_json's default
// recursion limit (Rust MCP SDKs refuse deeper input anyway), and 128 frames of RapidJSON's
// recursive copy or write need a few tens of KiB of stack, even with ASan.
//
// Pure functions; thread-safe.

#include <rapidjson/document.h>

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace berth::proxy::mcp {

// The deepest nesting of arrays and objects berth accepts from a peer. `1` is depth 0, `[1]` 1.
inline constexpr size_t kMaxJsonDepth = 128;

struct JsonLimits {
  size_t max_depth = kMaxJsonDepth;
  // Items of a top-level array (a JSON-RPC batch); a top-level object is not limited.
  size_t max_items = std::numeric_limits<size_t>::max();
};

// Parses `json` within `limits`. The error's code says why: kParseError (-32700) for text that
// is not JSON (the message names the offset), kInvalidRequest (-32600) for a limit (the message
// names it). A limit is reported as soon as the parse reaches it, even if the text is not JSON
// further on.
Result<rapidjson::Document> parse_json(std::string_view json, JsonLimits limits = {});

// The same checks without building a document, for bodies berth passes on as they are.
Status check_json(std::string_view json, JsonLimits limits = {});

// For a message refused for its depth: the raw JSON id (string or integer) of a top-level `id`
// member met before the parse stopped at the limit, when no top-level `method` member was met
// either — the id of the request it most likely answers. nullopt otherwise.
std::optional<std::string> leading_response_id(std::string_view json,
                                               size_t max_depth = kMaxJsonDepth);

}  // namespace berth::proxy::mcp
