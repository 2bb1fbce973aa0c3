#include "tests/tools/test_server/mcp_test_messages.h"

#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <limits>

namespace berth::test_support {
namespace {

// text as a JSON string literal, quotes and escapes included.
std::string quote(const std::string& text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::string initialize_request(int id, const std::string& protocol_version) {
  return request(id, "initialize",
                 R"({"protocolVersion":)" + quote(protocol_version) +
                     R"(,"capabilities":{},"clientInfo":{"name":"berth-tests","version":"0"}})");
}

std::string initialized_notification() {
  return R"({"jsonrpc":"2.0","method":"notifications/initialized"})";
}

std::string request(int id, const std::string& method, const std::string& params_json) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":)" + quote(method) +
         R"(,"params":)" + params_json + "}";
}

std::string tool_call(int id, const std::string& tool, const std::string& arguments_json) {
  return request(id, "tools/call",
                 R"({"name":)" + quote(tool) + R"(,"arguments":)" + arguments_json + "}");
}

std::string echo_call(int id, const std::string& text) {
  return tool_call(id, "echo", R"({"text":)" + quote(text) + "}");
}

std::string sleep_call(int id, int ms) {
  return tool_call(id, "sleep", R"({"ms":)" + std::to_string(ms) + "}");
}

const rapidjson::Value* JsonAnswer::find(const std::string& pointer) const {
  return valid_ ? rapidjson::Pointer(pointer.c_str()).Get(document_) : nullptr;
}

bool JsonAnswer::has(const std::string& pointer) const { return find(pointer) != nullptr; }

std::string JsonAnswer::string_at(const std::string& pointer) const {
  const rapidjson::Value* value = find(pointer);
  if (value == nullptr) return "<missing " + pointer + ">";
  if (!value->IsString()) return "<not a string>";
  return std::string(value->GetString(), value->GetStringLength());
}

std::int64_t JsonAnswer::int_at(const std::string& pointer) const {
  const rapidjson::Value* value = find(pointer);
  if (value == nullptr || !value->IsInt64()) return std::numeric_limits<std::int64_t>::min();
  return value->GetInt64();
}

std::string JsonAnswer::json_at(const std::string& pointer) const {
  const rapidjson::Value* value = find(pointer);
  if (value == nullptr) return "<missing " + pointer + ">";
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value->Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace berth::test_support
