#pragma once
// Reads a JSON or JSONC file (at most 1 MiB) into a RapidJSON document. Errors name the file, the
// line and column, and what RapidJSON expected there. Parsing is iterative, so no nesting depth
// can exhaust the stack.

#include <rapidjson/document.h>

#include <filesystem>
#include <memory>

#include "base/result.h"

namespace berth::specs::import {

inline constexpr size_t kMaxJsonFileBytes = 1024 * 1024;

Result<std::shared_ptr<const rapidjson::Document>> read_json_file(
    const std::filesystem::path& file);

// The same for text already read; `file` names it in errors.
Result<std::shared_ptr<const rapidjson::Document>> parse_json_text(std::string_view text,
                                                                   const std::string& file);

}  // namespace berth::specs::import
