#pragma once
// SpecError: one problem found in a spec file, with the position a user needs to fix it.
//
// Positions are 1-based, as editors show them; line 0 means the problem concerns the whole file
// (unreadable, missing). `field` is the dotted path of the offending field
// (`spec.resources.memory`, `spec.secrets[0].name`), empty for YAML syntax errors and file-level
// problems.

#include <string>
#include <vector>

namespace berth::specs {

struct SourcePos {
  int line = 0;
  int column = 0;

  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

struct SpecError {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field;
  std::string message;

  // `specs/github.yaml:12:13: spec.resources.memory: "512XB" is not a size (try 512Mi)`
  std::string to_string() const;

  friend bool operator==(const SpecError&, const SpecError&) = default;
};

// Orders errors by file, then position, so every run prints them in the same order.
void sort_errors(std::vector<SpecError>& errors);

// `{"file":…,"line":…,"column":…,"field":…,"message":…}` for each error, as a JSON array.
std::string errors_to_json(const std::vector<SpecError>& errors);

}  // namespace berth::specs
