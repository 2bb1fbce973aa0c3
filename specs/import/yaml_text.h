#pragma once
// How an importer spells values in YAML: plain where that is unambiguous, double-quoted
// otherwise. Pure functions.
//
// A plain scalar is only used for text made of letters, digits and `_ . / + - @` (and `:` after a
// leading letter) that starts with a letter, digit, `_`, `/` or a `-` with more after it, and is
// not a word YAML could read as something else (`true`, `no`, `null`, `~`, …). Everything else is
// double-quoted with escapes, which YAML reads back exactly, in block and in flow context alike.

#include <string>
#include <string_view>
#include <vector>

namespace berth::specs::import {

std::string yaml_scalar(std::string_view text);

// `[a, "b c"]`
std::string yaml_flow_list(const std::vector<std::string>& items);

// `# text` lines at `indent`, the text wrapped to fit in 100 columns.
std::string yaml_comment(std::string_view text, int indent);

}  // namespace berth::specs::import
