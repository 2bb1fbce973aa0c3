#include "proxy/sessions/modern_results.h"

#include <algorithm>
#include <array>

#include "proxy/mcp/json_rpc.h"
#include "proxy/mcp/modern_era.h"
#include "proxy/sessions/session_multiplexer.h"

namespace berth::proxy::sessions {
namespace {

using Allocator = rapidjson::Document::AllocatorType;

constexpr int kLegacyResourceNotFound = -32002;

constexpr std::array<std::string_view, 6> kCacheable = {
    "server/discover",          "tools/list",    "prompts/list", "resources/list",
    "resources/templates/list", "resources/read"};

void add_if_missing(rapidjson::Value& object, std::string_view name, rapidjson::Value value,
                    Allocator& allocator) {
  if (mcp::member(object, name) != nullptr) return;
  object.AddMember(
      rapidjson::Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), allocator),
      value, allocator);
}

rapidjson::Value string_value(std::string_view text, Allocator& allocator) {
  return rapidjson::Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

// `_meta` of `result`, created if missing; null if it is there and not an object.
rapidjson::Value* result_meta(rapidjson::Value& result, Allocator& allocator) {
  add_if_missing(result, "_meta", rapidjson::Value(rapidjson::kObjectType), allocator);
  rapidjson::Value* meta = mcp::member(result, "_meta");
  return meta->IsObject() ? meta : nullptr;
}

void add_server_info(rapidjson::Value& result, const rapidjson::Value& init_result,
                     Allocator& allocator) {
  const rapidjson::Value* info = mcp::member(init_result, "serverInfo");
  if (info == nullptr || !info->IsObject()) return;
  rapidjson::Value* meta = result_meta(result, allocator);
  if (meta == nullptr) return;
  add_if_missing(*meta, mcp::kMetaServerInfo, rapidjson::Value(*info, allocator), allocator);
}

void add_caching_hints(rapidjson::Value& result, Allocator& allocator) {
  add_if_missing(result, "ttlMs", rapidjson::Value(0), allocator);
  add_if_missing(result, "cacheScope", string_value("private", allocator), allocator);
}

// The backend's capabilities, less what berth does not serve statelessly (see the header).
rapidjson::Value stateless_capabilities(const rapidjson::Value& init_result, Allocator& allocator) {
  const rapidjson::Value* given = mcp::member(init_result, "capabilities");
  rapidjson::Value capabilities(rapidjson::kObjectType);
  if (given == nullptr || !given->IsObject()) return capabilities;
  capabilities.CopyFrom(*given, allocator);
  capabilities.RemoveMember("logging");
  for (auto& entry : capabilities.GetObject()) {
    if (!entry.value.IsObject()) continue;
    entry.value.RemoveMember("listChanged");
    entry.value.RemoveMember("subscribe");
  }
  return capabilities;
}

}  // namespace

std::string supported_versions_json() {
  std::string json = "[";
  auto add = [&json](std::string_view version) {
    if (json.size() > 1) json += ',';
    json += mcp::quote(version);
  };
  for (std::string_view version : mcp::kModernVersions) add(version);
  const auto& legacy = SessionMultiplexer::kSupportedVersions;
  for (auto it = legacy.rbegin(); it != legacy.rend(); ++it) add(*it);
  return json + "]";
}

bool is_cacheable_method(std::string_view method) {
  return std::find(kCacheable.begin(), kCacheable.end(), method) != kCacheable.end();
}

std::string discover_result(const rapidjson::Value& init_result) {
  rapidjson::Document result(rapidjson::kObjectType);
  Allocator& allocator = result.GetAllocator();
  result.AddMember("resultType", string_value("complete", allocator), allocator);
  rapidjson::Document versions;
  versions.Parse(supported_versions_json().c_str());
  result.AddMember("supportedVersions", rapidjson::Value(versions, allocator), allocator);
  result.AddMember("capabilities", stateless_capabilities(init_result, allocator), allocator);
  if (const auto instructions = mcp::string_member(init_result, "instructions")) {
    result.AddMember("instructions", string_value(*instructions, allocator), allocator);
  }
  add_server_info(result, init_result, allocator);
  add_caching_hints(result, allocator);
  return mcp::to_json(result);
}

void make_response_modern(rapidjson::Document& response, std::string_view method,
                          const rapidjson::Value& init_result) {
  if (rapidjson::Value* error = mcp::member(response, "error"); error != nullptr) {
    rapidjson::Value* code = mcp::member(*error, "code");
    if (code != nullptr && code->IsInt() && code->GetInt() == kLegacyResourceNotFound) {
      code->SetInt(mcp::kInvalidParams);
    }
    return;
  }
  rapidjson::Value* result = mcp::member(response, "result");
  if (result == nullptr || !result->IsObject()) return;
  Allocator& allocator = response.GetAllocator();
  add_if_missing(*result, "resultType", string_value("complete", allocator), allocator);
  if (is_cacheable_method(method)) add_caching_hints(*result, allocator);
  add_server_info(*result, init_result, allocator);
}

}  // namespace berth::proxy::sessions
