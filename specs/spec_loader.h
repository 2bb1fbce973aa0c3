#pragma once
// Loads spec files from files and directories into a DesiredState.
//
// A directory contributes the `*.yaml` and `*.yml` files directly inside it, skipping dotfiles
// (`.x.swp`, `.#x`), backups (`x~`), temporaries (`x.tmp`) and subdirectories; a file named
// explicitly is always read. An invalid file never hides the valid files beside it; a server
// name defined by two files is an error in both. Thread-safe (no shared state).

#include <filesystem>
#include <string_view>
#include <vector>

#include "specs/desired_state.h"

namespace berth::specs {

// Spec files larger than this are refused rather than parsed.
inline constexpr size_t kMaxSpecFileBytes = 1024 * 1024;

// Whether a directory entry with this name is a spec file (and not an editor's leftovers).
bool is_spec_file_name(std::string_view name);

DesiredState load_specs(const std::vector<std::filesystem::path>& paths);

}  // namespace berth::specs
