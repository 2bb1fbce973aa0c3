#pragma once
// Refusals: what an mcp::McpChannel does when the server refuses or loses a message it posted (an
// HTTP error status, an answer that ended without the response): each request in that message
// is answered with a JSON-RPC error as if the server had sent it, through the channel's
// mcp::McpClientCore, so no client (and none of berth's own requests) waits for an answer that will
// never come. Notifications and responses in a refused message are dropped: nobody waits.
//
// Free functions; they run on the channel's thread (dispatch calls its handlers).

#include <string>
#include <string_view>
#include <vector>

#include "proxy/mcp/mcp_client_core.h"

namespace berth::proxy::mcp {

// The ids (raw JSON, as mcp::classify gives them) of the requests in `message`: one
// message, or each member of a batch. None when it does not parse.
[[nodiscard]] std::vector<std::string> request_ids(std::string_view message);

// Answers request `id` (raw JSON) through `core` with an internal error saying `why`.
void refuse_request(mcp::McpClientCore& core, std::string_view id, std::string_view why);

// Answers every request in `message` so.
void refuse_requests(mcp::McpClientCore& core, std::string_view message, std::string_view why);

}  // namespace berth::proxy::mcp
