#include "specs/field_reader.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "specs/suggest.h"

namespace berth::specs {

SourcePos pos_of(const YAML::Node& node) {
  YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0) return SourcePos{1, 1};
  return SourcePos{mark.line + 1, mark.column + 1};
}

const Field* find_field(const std::map<std::string, Field>& fields, std::string_view key) {
  auto it = fields.find(std::string(key));
  return it == fields.end() ? nullptr : &it->second;
}

SourcePos Field::pos() const {
  // A list item has no key: a default-constructed Node, which counts as defined but has no mark.
  bool empty_value = !value.IsDefined() || value.IsNull();
  return pos_of(empty_value && !key.Mark().is_null() ? key : value);
}

std::string describe_kind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return in_quotes(node.Scalar());
    default:
      return "nothing";
  }
}

std::string in_quotes(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

FieldReader::FieldReader(std::string file, std::vector<SpecError>& errors)
    : file_(std::move(file)), errors_(errors), first_error_(errors.size()) {}

void FieldReader::error(SourcePos pos, std::string field, std::string message) {
  errors_.push_back(SpecError{file_, pos.line, pos.column, std::move(field), std::move(message)});
}

std::optional<std::map<std::string, Field>> FieldReader::mapping(
    const Field& node, std::span<const std::string_view> known) {
  auto all = entries(node);
  if (!all) return std::nullopt;
  std::map<std::string, Field> fields;
  for (Field& field : *all) {
    const std::string& name = field.key.Scalar();
    if (std::find(known.begin(), known.end(), name) != known.end()) {
      fields.emplace(name, std::move(field));
      continue;
    }
    std::string message = "unknown field";
    if (auto match = closest_match(name, known)) {
      message += " (did you mean " + in_quotes(*match) + "?)";
    } else {
      message += " (expected one of";
      for (size_t i = 0; i < known.size(); ++i) message += (i ? ", " : " ") + std::string(known[i]);
      message += ")";
    }
    error(pos_of(field.key), field.path, message);
  }
  return fields;
}

std::optional<std::vector<Field>> FieldReader::entries(const Field& node) {
  if (!node.value.IsMap()) {
    error(node, "expected a mapping, got " + describe_kind(node.value));
    return std::nullopt;
  }
  std::vector<Field> out;
  std::set<std::string> seen;
  for (auto it = node.value.begin(); it != node.value.end(); ++it) {
    if (!it->first.IsScalar()) {
      error(pos_of(it->first), node.path, "keys must be plain names");
      continue;
    }
    const std::string& name = it->first.Scalar();
    std::string path = node.path.empty() ? name : node.path + "." + name;
    if (!seen.insert(name).second) {
      error(pos_of(it->first), path, "duplicate key");
      continue;
    }
    out.push_back(Field{it->first, it->second, std::move(path)});
  }
  return out;
}

std::optional<std::vector<Field>> FieldReader::sequence(const Field& node) {
  if (!node.value.IsSequence()) {
    error(node, "expected a list, got " + describe_kind(node.value));
    return std::nullopt;
  }
  std::vector<Field> out;
  size_t index = 0;
  for (const YAML::Node& item : node.value) {
    out.push_back(Field{YAML::Node(), item, node.path + "[" + std::to_string(index++) + "]"});
  }
  return out;
}

bool FieldReader::expect_scalar(const Field& field) {
  if (field.value.IsScalar()) return true;
  error(field, "expected a string, got " + describe_kind(field.value));
  return false;
}

std::optional<std::string> FieldReader::string(const Field& field) {
  if (!expect_scalar(field)) return std::nullopt;
  return field.value.Scalar();
}

std::optional<std::vector<std::string>> FieldReader::strings(const Field& field) {
  auto items = sequence(field);
  if (!items) return std::nullopt;
  std::vector<std::string> out;
  bool ok = true;
  for (const Field& item : *items) {
    auto text = string(item);
    if (text) out.push_back(*text);
    ok = ok && text.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::map<std::string, std::string>> FieldReader::string_map(const Field& field) {
  auto items = entries(field);
  if (!items) return std::nullopt;
  std::map<std::string, std::string> out;
  bool ok = true;
  for (const Field& item : *items) {
    auto text = string(item);
    if (text) out.emplace(item.key.Scalar(), *text);
    ok = ok && text.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<int64_t> FieldReader::integer(const Field& field, int64_t min, int64_t max) {
  if (!field.value.IsScalar()) {
    error(field, "expected a whole number, got " + describe_kind(field.value));
    return std::nullopt;
  }
  const std::string& text = field.value.Scalar();
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    error(field, in_quotes(text) + " is not a whole number");
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(field,
          text + " is out of range (" + std::to_string(min) + "-" + std::to_string(max) + ")");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> FieldReader::boolean(const Field& field) {
  if (field.value.IsScalar()) {
    const std::string& text = field.value.Scalar();
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
  }
  error(field, "expected true or false, got " + describe_kind(field.value));
  return std::nullopt;
}

std::optional<size_t> FieldReader::one_of(const Field& field,
                                          std::span<const std::string_view> names) {
  if (!expect_scalar(field)) return std::nullopt;
  const std::string& text = field.value.Scalar();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return i;
  }
  std::string message = in_quotes(text) + " is not one of";
  for (size_t i = 0; i < names.size(); ++i) message += (i ? ", " : " ") + std::string(names[i]);
  if (auto match = closest_match(text, names))
    message += " (did you mean " + in_quotes(*match) + "?)";
  error(field, message);
  return std::nullopt;
}

}  // namespace berth::specs
