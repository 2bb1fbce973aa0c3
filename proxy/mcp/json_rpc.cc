#include "proxy/mcp/json_rpc.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <utility>

#include "proxy/mcp/bounded_json.h"

namespace berth::proxy::mcp {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// RapidJSON asserts on a null pointer even for length 0; an empty string_view may hold one.
const char* chars(std::string_view text) { return text.empty() ? "" : text.data(); }
rapidjson::SizeType size(std::string_view text) {
  return static_cast<rapidjson::SizeType>(text.size());
}

void write_string(Writer& writer, std::string_view text) { writer.String(chars(text), size(text)); }
void write_key(Writer& writer, std::string_view name) { writer.Key(chars(name), size(name)); }
void write_raw(Writer& writer, std::string_view json) {
  writer.RawValue(chars(json), json.size(), rapidjson::kObjectType);
}

// Opens `{"jsonrpc":"2.0"` and, unless `id` is empty, adds `"id":<id>`.
void start_message(Writer& writer, std::string_view id) {
  writer.StartObject();
  write_key(writer, "jsonrpc");
  write_string(writer, "2.0");
  if (id.empty()) return;
  write_key(writer, "id");
  write_raw(writer, id);
}

std::string text(const rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize());
}

MessageShape invalid(std::string problem, std::string id = "") {
  return MessageShape{MessageType::kInvalid, {}, std::move(id), std::move(problem)};
}

}  // namespace

bool is_valid_id(const rapidjson::Value& id) {
  return id.IsString() || id.IsInt64() || id.IsUint64();
}

MessageShape classify(const rapidjson::Value& message) {
  if (!message.IsObject()) return invalid("a JSON-RPC message must be a JSON object");
  const rapidjson::Value* id = member(message, "id");
  std::string raw_id = id != nullptr && is_valid_id(*id) ? to_json(*id) : "";
  if (string_member(message, "jsonrpc") != "2.0") {
    return invalid(R"(not JSON-RPC 2.0: "jsonrpc" must be "2.0")", std::move(raw_id));
  }
  if (const rapidjson::Value* method = member(message, "method"); method != nullptr) {
    if (!method->IsString()) return invalid(R"("method" must be a string)", std::move(raw_id));
    const std::string_view name(method->GetString(), method->GetStringLength());
    if (id == nullptr) return MessageShape{MessageType::kNotification, name, "", ""};
    if (raw_id.empty()) {
      return invalid(R"(a request "id" must be a string or an integer)");
    }
    return MessageShape{MessageType::kRequest, name, std::move(raw_id), ""};
  }
  if (id == nullptr) return invalid(R"(neither "method" nor "id": not a JSON-RPC message)");
  if (member(message, "result") == nullptr && member(message, "error") == nullptr) {
    return invalid(R"(a response needs "result" or "error")", std::move(raw_id));
  }
  if (raw_id.empty()) return invalid(R"(a response "id" must be a string or an integer)");
  return MessageShape{MessageType::kResponse, {}, std::move(raw_id), ""};
}

Result<rapidjson::Document> parse_message(std::string_view json) { return parse_json(json); }

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  value.Accept(writer);
  return text(buffer);
}

std::string quote(std::string_view value) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  write_string(writer, value);
  return text(buffer);
}

const rapidjson::Value* member(const rapidjson::Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  const rapidjson::Value key(rapidjson::StringRef(chars(name), size(name)));
  const auto found = object.FindMember(key);
  return found == object.MemberEnd() ? nullptr : &found->value;
}

rapidjson::Value* member(rapidjson::Value& object, std::string_view name) {
  return const_cast<rapidjson::Value*>(member(std::as_const(object), name));
}

std::optional<std::string_view> string_member(const rapidjson::Value& object,
                                              std::string_view name) {
  const rapidjson::Value* value = member(object, name);
  if (value == nullptr || !value->IsString()) return std::nullopt;
  return std::string_view(value->GetString(), value->GetStringLength());
}

rapidjson::Value* progress_token(rapidjson::Value& message) {
  rapidjson::Value* params = member(message, "params");
  rapidjson::Value* meta = params != nullptr ? member(*params, "_meta") : nullptr;
  return meta != nullptr ? member(*meta, "progressToken") : nullptr;
}

void set_raw_member(rapidjson::Document& message, rapidjson::Value& object, std::string_view name,
                    std::string_view raw) {
  rapidjson::Document parsed;  // null if `raw` broke the REQUIRES
  if (auto valid = parse_json(raw)) parsed = std::move(valid).value();
  auto& allocator = message.GetAllocator();
  if (rapidjson::Value* existing = member(object, name); existing != nullptr) {
    existing->CopyFrom(parsed, allocator);
    return;
  }
  rapidjson::Value key(chars(name), size(name), allocator);
  rapidjson::Value value(parsed, allocator);
  object.AddMember(key, value, allocator);
}

void set_string(rapidjson::Document& message, rapidjson::Value& value, std::string_view text) {
  value.SetString(chars(text), size(text), message.GetAllocator());
}

std::string result_response(std::string_view id, std::string_view result) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  start_message(writer, id);
  write_key(writer, "result");
  write_raw(writer, result);
  writer.EndObject();
  return text(buffer);
}

std::string error_response(std::string_view id, int code, std::string_view message) {
  return error_response(id, code, message, "");
}

std::string error_response(std::string_view id, int code, std::string_view message,
                           std::string_view data) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  start_message(writer, id.empty() ? "null" : id);
  write_key(writer, "error");
  writer.StartObject();
  write_key(writer, "code");
  writer.Int(code);
  write_key(writer, "message");
  write_string(writer, message);
  if (!data.empty()) {
    write_key(writer, "data");
    write_raw(writer, data);
  }
  writer.EndObject();
  writer.EndObject();
  return text(buffer);
}

std::string request_json(std::string_view id, std::string_view method, std::string_view params) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  start_message(writer, id);
  write_key(writer, "method");
  write_string(writer, method);
  write_key(writer, "params");
  write_raw(writer, params);
  writer.EndObject();
  return text(buffer);
}

std::string notification_json(std::string_view method, std::string_view params) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  start_message(writer, "");
  write_key(writer, "method");
  write_string(writer, method);
  if (!params.empty()) {
    write_key(writer, "params");
    write_raw(writer, params);
  }
  writer.EndObject();
  return text(buffer);
}

}  // namespace berth::proxy::mcp
