#pragma once
// Parses the text of one spec file into a ServerSpec, strictly.
//
// Every problem in the file is reported (unknown fields with a "did you mean", wrong types,
// missing fields, bad units and names, contradictory settings), each with its position. A file
// with any error yields no spec at all: a half-valid spec is never acted on. Pure and thread-safe.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "specs/server_spec.h"
#include "specs/spec_error.h"

namespace berth::specs {

struct SpecSource {
  std::string file;                // how errors name the file, e.g. `specs/github.yaml`
  std::string default_name;        // the server name when metadata.name is absent: the file's stem
  std::filesystem::path base_dir;  // relative volume sources resolve against it (absolute)
};

struct ParsedFile {
  std::optional<ServerSpec> spec;  // set only when `errors` is empty
  std::vector<SpecError> errors;
};

ParsedFile parse_spec(std::string_view text, const SpecSource& source);

}  // namespace berth::specs
