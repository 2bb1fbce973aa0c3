#pragma once
// Whether the secrets directory could end up in a commit: it lies inside a git work tree and git
// does not ignore it, so a token put there is one `git add -A` away from being committed.
//
// Asks git itself (`git check-ignore`, run without a shell) rather than re-implementing its
// ignore rules. Says nothing outside a work tree; inside one, when git cannot be run, it warns,
// since it cannot tell. Blocks for one short git call; thread-safe.

#include <filesystem>
#include <optional>
#include <string>

namespace berth::cli {

// The warning to log, if any, for `secrets_dir` (which need not exist yet).
std::optional<std::string> secrets_exposure_warning(const std::filesystem::path& secrets_dir);

}  // namespace berth::cli
