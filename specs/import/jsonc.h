#pragma once
// JSON with comments (JSONC), as VS Code writes `.vscode/mcp.json`: `//` and `/* */` comments and
// trailing commas before `}` or `]`, turned into plain JSON for RapidJSON. Comments and commas
// become spaces, newlines stay, so every position in the result is the position in the source.
// Text inside strings (escapes included) is never touched. Pure.

#include <string>
#include <string_view>

#include "base/result.h"

namespace berth::specs::import {

// An error for a block comment that never ends, with its line and column.
Result<std::string> strip_jsonc(std::string_view text);

// 1-based line and column of a byte offset, for error messages.
std::string line_and_column(std::string_view text, size_t offset);

}  // namespace berth::specs::import
