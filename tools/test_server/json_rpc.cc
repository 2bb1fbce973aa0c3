#include "tools/test_server/json_rpc.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace berth::test_server {
namespace {

Envelope invalid(std::string id_json, std::string_view why) {
  Envelope envelope;
  envelope.error_reply = render_error(id_json, kInvalidRequest, why);
  envelope.id_json = std::move(id_json);
  return envelope;
}

bool is_valid_id(const rapidjson::Value& id) { return id.IsString() || id.IsNumber(); }

}  // namespace

Envelope classify_message(const rapidjson::Value& message) {
  if (!message.IsObject()) return invalid("null", "Invalid Request: not a JSON object");
  auto id = message.FindMember("id");
  bool has_id = id != message.MemberEnd();
  std::string id_json = has_id && is_valid_id(id->value) ? to_json(id->value) : "null";
  auto version = message.FindMember("jsonrpc");
  if (version == message.MemberEnd() || !version->value.IsString() ||
      std::string_view(version->value.GetString()) != "2.0") {
    return invalid(id_json, "Invalid Request: jsonrpc must be \"2.0\"");
  }
  auto method = message.FindMember("method");
  if (method == message.MemberEnd()) {
    bool answer = message.HasMember("result") || message.HasMember("error");
    if (has_id && answer) return Envelope{MessageKind::kResponse, id_json, "", ""};
    return invalid(id_json, "Invalid Request: no method");
  }
  if (!method->value.IsString()) return invalid(id_json, "Invalid Request: method not a string");
  if (has_id && !is_valid_id(id->value)) {
    return invalid("null", "Invalid Request: id must be a string or a number");
  }
  MessageKind kind = has_id ? MessageKind::kRequest : MessageKind::kNotification;
  return Envelope{kind, id_json, method->value.GetString(), ""};
}

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string render_result(std::string_view id_json, std::string_view result_json) {
  std::string out;
  out.reserve(result_json.size() + id_json.size() + 40);
  out.append(R"({"jsonrpc":"2.0","id":)").append(id_json);
  out.append(R"(,"result":)").append(result_json).append("}");
  return out;
}

std::string render_error(std::string_view id_json, int code, std::string_view message) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("jsonrpc");
  writer.String("2.0");
  writer.Key("id");
  writer.RawValue(id_json.data(), id_json.size(), rapidjson::kNumberType);
  writer.Key("error");
  writer.StartObject();
  writer.Key("code");
  writer.Int(code);
  writer.Key("message");
  writer.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  writer.EndObject();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace berth::test_server
