#pragma once
// Where berth finds berth-launcher, the static PID 1 it bind-mounts into every container: the
// file given with --launcher, else `berth-launcher` beside the berth executable (an install),
// else the one of the build tree berth was built in. Blocking file-system calls; thread-safe.

#include <filesystem>
#include <optional>
#include <string>

#include "base/result.h"

namespace berth::cli {

// An absolute path to an executable regular file, or why there is none.
Result<std::filesystem::path> find_launcher(const std::optional<std::string>& flag);

}  // namespace berth::cli
