#pragma once
// JsonWriter: builds one compact JSON text with RapidJSON's Writer, with string_view keys and
// values and named field helpers (`string_field`, …) so a `const char*` never turns into a bool.
// Not thread-safe; one writer per response, used on one thread.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace berth::proxy::http {

class JsonWriter {
 public:
  JsonWriter() : writer_(buffer_) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void start_object() { writer_.StartObject(); }
  void end_object() { writer_.EndObject(); }
  void start_array() { writer_.StartArray(); }
  void end_array() { writer_.EndArray(); }
  void key(std::string_view name);
  void string(std::string_view value);
  void integer(std::int64_t value) { writer_.Int64(value); }
  void boolean(bool value) { writer_.Bool(value); }

  void string_field(std::string_view name, std::string_view value);
  void int_field(std::string_view name, std::int64_t value);
  void bool_field(std::string_view name, bool value);

  // The text written so far; complete once every object and array is closed.
  [[nodiscard]] std::string str() const;

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

// `{"error":"<message>"}`: the body of every JSON error answer.
[[nodiscard]] std::string json_error(std::string_view message);

}  // namespace berth::proxy::http
