#include "specs/spec_error.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <tuple>

namespace berth::specs {

std::string SpecError::to_string() const {
  // Appends one piece at a time: GCC 12 misreports `a + ":" + b` chains here (-Wrestrict).
  std::string out = file;
  if (line > 0) {
    out.append(":").append(std::to_string(line)).append(":").append(std::to_string(column));
  }
  out.append(": ");
  if (!field.empty()) out.append(field).append(": ");
  out.append(message);
  return out;
}

void sort_errors(std::vector<SpecError>& errors) {
  std::stable_sort(errors.begin(), errors.end(), [](const SpecError& a, const SpecError& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
}

std::string errors_to_json(const std::vector<SpecError>& errors) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartArray();
  for (const SpecError& e : errors) {
    writer.StartObject();
    writer.Key("file");
    writer.String(e.file.c_str(), e.file.size());
    writer.Key("line");
    writer.Int(e.line);
    writer.Key("column");
    writer.Int(e.column);
    writer.Key("field");
    writer.String(e.field.c_str(), e.field.size());
    writer.Key("message");
    writer.String(e.message.c_str(), e.message.size());
    writer.EndObject();
  }
  writer.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace berth::specs
