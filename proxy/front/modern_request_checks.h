#pragma once
// The era of a client's request to an MCP route, decided once, here at the front, and the checks
// the modern era (2026-07-28) asks of a POST before any backend sees it.
//
// A POST is modern when its MCP-Protocol-Version header names a modern revision, or its message
// carries params._meta["io.modelcontextprotocol/protocolVersion"]; anything else is legacy
// (initialize and sessions, served exactly as before). A modern POST must then hold, in this
// order (the order of the spec's reference server), else 400 with the JSON-RPC error named:
//   1. one message, not a batch (-32600);
//   2. an MCP-Protocol-Version header (-32020 HeaderMismatch);
//   3. for a request, _meta protocolVersion and clientCapabilities (-32602);
//   4. the header equal to _meta protocolVersion (-32020);
//   5. a version berth serves statelessly (-32022 with data.supported and data.requested);
//   6. an Mcp-Method header equal to the method (-32020; a notification's only when present);
//   7. for tools/call, prompts/get and resources/read, an Mcp-Name header equal to params.name
//      or params.uri once decoded (Base64 sentinel form, surrounding whitespace trimmed) (-32020).
// Mcp-Param-{Name} headers are not berth's to judge (it does not read the tools' schemas): they
// pass on untouched. Mcp-Session-Id and Last-Event-ID mean nothing to a modern request and are
// ignored. A GET or DELETE naming a modern revision gets 405: the modern era has neither.
// Pure functions; thread-safe.

#include <optional>

#include "proxy/front/mcp_request_checks.h"
#include "proxy/http/http_types.h"

namespace berth::proxy::front {

// Whether the POST `post` of `request` is of the modern era (see above).
[[nodiscard]] bool is_modern_post(const http::Request& request, const McpPost& post);
// Whether the MCP-Protocol-Version header names a modern revision (for GET and DELETE).
[[nodiscard]] bool names_modern_version(const http::Request& request);

// The response that refuses a modern POST, if it must be refused (see above).
[[nodiscard]] std::optional<http::Response> check_modern_post(const http::Request& request,
                                                              const McpPost& post);
// 405 for a GET or DELETE of the modern era, with an Allow header.
[[nodiscard]] http::Response modern_method_not_allowed();

}  // namespace berth::proxy::front
