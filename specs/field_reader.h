#pragma once
// FieldReader: strict, typed reads of YAML nodes that record every problem as a SpecError.
//
// The spec parser walks a yaml-cpp tree through one FieldReader per file. Each read either
// returns a value or records an error naming the field path and the node's position, and returns
// nullopt, so parsing continues and every error in the file is reported in one pass.
// Not thread-safe; one reader per file being parsed.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "specs/spec_error.h"

namespace berth::specs {

// A field of a mapping: its key (for positions when the value is null) and its value.
struct Field {
  YAML::Node key;
  YAML::Node value;
  std::string path;  // `spec.resources.memory`

  SourcePos pos() const;  // the value's position, or the key's when the value is empty
};

class FieldReader {
 public:
  FieldReader(std::string file, std::vector<SpecError>& errors);

  void error(SourcePos pos, std::string field, std::string message);
  void error(const Field& field, std::string message) { error(field.pos(), field.path, message); }
  bool has_errors() const { return errors_.size() > first_error_; }
  const std::string& file() const { return file_; }

  // The fields of a mapping. Unknown keys (with a "did you mean") and duplicate keys are errors
  // and are left out. Returns nullopt, after recording a type error, when `node` is no mapping.
  std::optional<std::map<std::string, Field>> mapping(const Field& node,
                                                      std::span<const std::string_view> known);
  // Like mapping() for free-form maps (env, labels): any key is allowed, duplicates are errors.
  std::optional<std::vector<Field>> entries(const Field& node);
  std::optional<std::vector<Field>> sequence(const Field& node);

  std::optional<std::string> string(const Field& field);
  std::optional<std::vector<std::string>> strings(const Field& field);
  std::optional<std::map<std::string, std::string>> string_map(const Field& field);
  std::optional<int64_t> integer(const Field& field, int64_t min, int64_t max);
  std::optional<bool> boolean(const Field& field);
  // One of `names`, by exact spelling; the index of the match.
  std::optional<size_t> one_of(const Field& field, std::span<const std::string_view> names);

 private:
  bool expect_scalar(const Field& field);

  std::string file_;
  std::vector<SpecError>& errors_;
  size_t first_error_;
};

// The field `key` of a mapping read by FieldReader::mapping(), or null when absent.
const Field* find_field(const std::map<std::string, Field>& fields, std::string_view key);

SourcePos pos_of(const YAML::Node& node);
std::string describe_kind(const YAML::Node& node);  // "a mapping", "a sequence", "null", …
std::string in_quotes(std::string_view text);       // "\"text\"", with quotes and newlines escaped

}  // namespace berth::specs
