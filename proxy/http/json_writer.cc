#include "proxy/http/json_writer.h"

namespace berth::proxy::http {

namespace {

// RapidJSON asserts on a null pointer even for length 0; an empty string_view may hold one.
const char* chars(std::string_view text) { return text.empty() ? "" : text.data(); }

}  // namespace

void JsonWriter::key(std::string_view name) {
  writer_.Key(chars(name), static_cast<rapidjson::SizeType>(name.size()));
}

void JsonWriter::string(std::string_view value) {
  writer_.String(chars(value), static_cast<rapidjson::SizeType>(value.size()));
}

void JsonWriter::string_field(std::string_view name, std::string_view value) {
  key(name);
  string(value);
}

void JsonWriter::int_field(std::string_view name, std::int64_t value) {
  key(name);
  integer(value);
}

void JsonWriter::bool_field(std::string_view name, bool value) {
  key(name);
  boolean(value);
}

std::string JsonWriter::str() const { return std::string(buffer_.GetString(), buffer_.GetSize()); }

std::string json_error(std::string_view message) {
  JsonWriter json;
  json.start_object();
  json.string_field("error", message);
  json.end_object();
  return json.str();
}

}  // namespace berth::proxy::http
