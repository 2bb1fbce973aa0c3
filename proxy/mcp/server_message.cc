#include "proxy/mcp/server_message.h"

#include <spdlog/spdlog.h>

#include <string>

#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/json_rpc.h"
#include "proxy/mcp/refused_requests.h"

namespace berth::proxy::mcp {
namespace {

constexpr size_t kLoggedPrefix = 200;  // of a skipped message
constexpr size_t kLoggedId = 64;       // of the id of a dropped one

}  // namespace

std::optional<rapidjson::Document> read_server_message(McpClientCore& core, std::string_view json,
                                                       ServerMessageShape shape) {
  auto parsed = parse_json(json);
  if (!parsed && parsed.error_code() == kInvalidRequest) {
    const std::optional<std::string> id = leading_response_id(json);
    spdlog::warn(
        "{} dropped a message from the server limit=json bytes={} answers={} reason=\"{}\"",
        core.log_tag(), json.size(), id.value_or("none").substr(0, kLoggedId), parsed.error());
    if (id)
      refuse_request(core, *id, "the server's answer broke berth's limits: " + parsed.error());
    return std::nullopt;
  }
  const bool batch_ok = shape == ServerMessageShape::kMessageOrBatch;
  if (!parsed || !(parsed->IsObject() || (batch_ok && parsed->IsArray()))) {
    spdlog::warn("{} skipped a message that is not JSON-RPC: {}", core.log_tag(),
                 json.substr(0, kLoggedPrefix));
    return std::nullopt;
  }
  return std::move(parsed).value();
}

}  // namespace berth::proxy::mcp
