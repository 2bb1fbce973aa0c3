#include "reconciler/docker/engine_json.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "reconciler/docker/json_members.h"

namespace berth::reconciler::docker {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using JsonValue = rapidjson::Value;

constexpr size_t kMaxMessageBytes = 512;

void write_label_filter(Writer& writer, const Labels& labels) {
  writer.Key("label");
  writer.StartArray();
  for (const auto& [key, value] : labels) {
    std::string item = value.empty() ? key : key + "=" + value;
    writer.String(item.data(), static_cast<rapidjson::SizeType>(item.size()));
  }
  writer.EndArray();
}

std::string first_line(std::string_view text) {
  while (!text.empty() && (text.front() == '\n' || text.front() == '\r' || text.front() == ' ')) {
    text.remove_prefix(1);
  }
  text = text.substr(0, text.find_first_of("\r\n"));
  return std::string(text.substr(0, kMaxMessageBytes));
}

// The failure carried by one progress message, or "".
std::string progress_error(const JsonValue& message) {
  std::string error = string_member(message, "error");
  if (!error.empty()) return error;
  auto detail = message.FindMember("errorDetail");
  if (detail != message.MemberEnd()) return string_member(detail->value, "message");
  return {};
}

}  // namespace

std::string label_filters(const Labels& labels) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  write_label_filter(writer, labels);
  writer.EndObject();
  return buffer.GetString();
}

std::string container_event_filters(const Labels& labels) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("type");
  writer.StartArray();
  writer.String("container");
  writer.EndArray();
  if (!labels.empty()) write_label_filter(writer, labels);
  writer.EndObject();
  return buffer.GetString();
}

std::string engine_error_message(int status, std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (!doc.HasParseError()) {
    std::string message = first_line(string_member(doc, "message"));
    if (!message.empty()) return message;
  }
  std::string line = first_line(body);
  return line.empty() ? "HTTP " + std::to_string(status) : line;
}

std::optional<std::string> pull_stream_error(std::string_view body) {
  while (!body.empty()) {
    size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    rapidjson::Document doc;
    doc.Parse(line.data(), line.size());
    if (doc.HasParseError() || !doc.IsObject()) continue;
    std::string error = progress_error(doc);
    if (!error.empty()) return first_line(error);
  }
  return std::nullopt;
}

Result<DockerEvent> parse_event(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return Error{"the Docker engine sent an unreadable event", 0};
  }
  const JsonValue& root = doc;
  DockerEvent event;
  event.type = string_member(root, "Type");
  event.action = string_member(root, "Action");
  if (const JsonValue* actor = object_member(root, "Actor")) {
    event.id = string_member(*actor, "ID");
    if (const JsonValue* attributes = object_member(*actor, "Attributes")) {
      for (const auto& member : attributes->GetObject()) {
        if (!member.value.IsString()) continue;
        event.attributes[member.name.GetString()] = member.value.GetString();
      }
    }
  }
  auto time = root.FindMember("timeNano");
  if (time != root.MemberEnd() && time->value.IsInt64()) event.time_nano = time->value.GetInt64();
  return event;
}

}  // namespace berth::reconciler::docker
