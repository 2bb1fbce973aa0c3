#pragma once
// What every `berth import` source does with a finished draft: secrets placed, the spec checked
// by berth's own parser, and the user told what is left to do.

#include <filesystem>
#include <string>

#include "base/result.h"
#include "specs/import/import_files.h"
#include "specs/import/spec_draft.h"

namespace berth::cli {

// The secrets directory of `--secrets DIR`, or berth run's default (shown, never written to).
specs::import::SecretsDir secrets_dir_option(const std::optional<std::string>& option);

// Plans the draft's secrets and checks it; the spec text on success.
Result<std::string> finish_draft(specs::import::SpecDraft& draft,
                                 const specs::import::SecretsDir& secrets);

// Prints the draft's todo lines on stderr, prefixed with `berth import: `.
void print_todo(const specs::import::SpecDraft& draft);

}  // namespace berth::cli
