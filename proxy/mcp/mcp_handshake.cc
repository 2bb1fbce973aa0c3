#include "proxy/mcp/mcp_handshake.h"

#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/json_rpc.h"
#include "proxy/mcp/modern_era.h"

namespace berth::proxy::mcp {

std::string initialize_request_json() {
  return R"({"jsonrpc":"2.0","id":")" + std::string(kProbeRequestId) +
         R"(","method":"initialize","params":{"protocolVersion":"2025-06-18",)"
         R"("capabilities":{},"clientInfo":{"name":"berth","version":"0.1.0"}}})";
}

std::string discover_request_json() {
  return R"({"jsonrpc":"2.0","id":")" + std::string(kProbeRequestId) +
         R"(","method":"server/discover","params":{"_meta":{)"
         R"("io.modelcontextprotocol/protocolVersion":")" +
         std::string(kDiscoverVersionHeader) +
         R"(","io.modelcontextprotocol/clientCapabilities":{},)"
         R"("io.modelcontextprotocol/clientInfo":{"name":"berth","version":"0.1.0"}}}})";
}

bool is_modern_discover_answer(std::string_view json) {
  auto parsed = parse_json(json);
  if (!parsed || !parsed->IsObject()) return false;
  const rapidjson::Value* result = member(*parsed, "result");
  if (result != nullptr) {
    const rapidjson::Value* versions = member(*result, "supportedVersions");
    return versions != nullptr && versions->IsArray();
  }
  const rapidjson::Value* error = member(*parsed, "error");
  const rapidjson::Value* code = error ? member(*error, "code") : nullptr;
  return code != nullptr && code->IsInt() && is_modern_error_code(code->GetInt());
}

bool is_probe_answer(const rapidjson::Document& message) {
  if (!message.IsObject() || message.HasMember("method") || !message.HasMember("id")) return false;
  const auto& id = message["id"];
  return id.IsString() && std::string_view(id.GetString(), id.GetStringLength()) == kProbeRequestId;
}

Status check_initialize_answer(std::string_view json) {
  auto parsed = parse_json(json);
  if (!parsed || !parsed->IsObject()) {
    return Error{"initialize answer is not JSON: " + std::string(json.substr(0, 200))};
  }
  const rapidjson::Document& answer = *parsed;
  if (answer.HasMember("error") && answer["error"].IsObject()) {
    const auto& error = answer["error"];
    const std::string message = error.HasMember("message") && error["message"].IsString()
                                    ? error["message"].GetString()
                                    : "(no message)";
    return Error{"initialize failed: JSON-RPC error: " + message};
  }
  if (!answer.HasMember("result") || !answer["result"].IsObject() ||
      !answer["result"].HasMember("protocolVersion") ||
      !answer["result"]["protocolVersion"].IsString()) {
    return Error{"initialize answer has no result.protocolVersion"};
  }
  return ok_status();
}

}  // namespace berth::proxy::mcp
