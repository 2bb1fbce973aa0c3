#include "tools/test_server/mcp_handler.h"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "tools/test_server/mcp_tools.h"

namespace berth::test_server {
namespace {

Dispatch invalid(std::string reply) {
  return Dispatch{MessageKind::kInvalid, "", std::move(reply), {}};
}

// The version to answer an initialize with: the client's, if the server speaks it.
std::string negotiate_version(const rapidjson::Value* params) {
  if (params == nullptr || !params->IsObject()) return kNewestProtocolVersion;
  auto requested = params->FindMember("protocolVersion");
  if (requested == params->MemberEnd() || !requested->value.IsString()) {
    return kNewestProtocolVersion;
  }
  std::string_view version = requested->value.GetString();
  for (const char* supported : kSupportedProtocolVersions) {
    if (version == supported) return supported;
  }
  return kNewestProtocolVersion;
}

std::string initialize_result(const rapidjson::Value* params) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("protocolVersion");
  writer.String(negotiate_version(params).c_str());
  writer.Key("capabilities");
  writer.StartObject();
  writer.Key("tools");
  writer.StartObject();
  writer.EndObject();
  writer.EndObject();
  writer.Key("serverInfo");
  writer.StartObject();
  writer.Key("name");
  writer.String(kServerName);
  writer.Key("version");
  writer.String(kServerVersion);
  writer.EndObject();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string parse_error_reply(const rapidjson::Document& document) {
  std::string why = "Parse error at offset " + std::to_string(document.GetErrorOffset()) + ": " +
                    rapidjson::GetParseError_En(document.GetParseError());
  return render_error("null", kParseError, why);
}

}  // namespace

Dispatch McpHandler::dispatch(std::string_view text) const {
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  if (document.HasParseError()) return invalid(parse_error_reply(document));
  if (document.IsArray()) {
    return invalid(
        render_error("null", kInvalidRequest, "Invalid Request: batches are not supported"));
  }
  Envelope envelope = classify_message(document);
  switch (envelope.kind) {
    case MessageKind::kInvalid:
      return invalid(std::move(envelope.error_reply));
    case MessageKind::kNotification:
    case MessageKind::kResponse:
      return Dispatch{envelope.kind, std::move(envelope.method), "", {}};
    case MessageKind::kRequest:
      break;
  }
  // HasMember, not FindMember against MemberEnd(): RapidJSON 1.1's iterator == is ambiguous in
  // C++20 (clang's -Wambiguous-reversed-operator).
  return dispatch_request(envelope, document.HasMember("params") ? &document["params"] : nullptr);
}

std::optional<std::string> McpHandler::handle(std::string_view text) const {
  Dispatch dispatched = dispatch(text);
  if (dispatched.slow_job) return dispatched.slow_job();
  if (dispatched.reply.empty()) return std::nullopt;
  return std::move(dispatched.reply);
}

Dispatch McpHandler::dispatch_request(const Envelope& envelope,
                                      const rapidjson::Value* params) const {
  const std::string& id = envelope.id_json;
  const std::string& method = envelope.method;
  Dispatch dispatched{MessageKind::kRequest, method, "", {}};
  if (method == "initialize") {
    dispatched.reply = render_result(id, initialize_result(params));
  } else if (method == "ping") {
    dispatched.reply = render_result(id, "{}");
  } else if (method == "tools/list") {
    dispatched.reply = render_result(id, tool_list_json());
  } else if (method == "tools/call") {
    dispatched.reply = answer_tool_call(id, params, dispatched.slow_job);
  } else {
    dispatched.reply = render_error(id, kMethodNotFound, "Method not found: " + method);
  }
  return dispatched;
}

std::string McpHandler::answer_tool_call(const std::string& id_json, const rapidjson::Value* params,
                                         std::function<std::string()>& slow_job) const {
  ParsedToolCall parsed = parse_tool_call(params);
  if (!parsed.ok()) return render_error(id_json, kInvalidParams, parsed.error);
  if (call_log_ != nullptr) std::fprintf(call_log_, "call tool=%s\n", tool_name(parsed.call.tool));
  if (parsed.call.tool == ToolName::kSleep) {
    slow_job = [id_json, call = std::move(parsed.call)] {
      return render_result(id_json, run_tool(call));
    };
    return "";
  }
  return render_result(id_json, run_tool(parsed.call));
}

}  // namespace berth::test_server
