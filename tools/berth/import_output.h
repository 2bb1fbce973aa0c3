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

// What `berth import docker-run` and `server-json` do with their draft: finishes it, writes its
// secrets, prints `header` and the spec on stdout and the todo lines on stderr; returns the exit
// status (0, or 1 after an error on stderr prefixed with `berth import <command>: `).
int print_draft(Result<specs::import::SpecDraft> draft, const specs::import::SecretsDir& secrets,
                const std::string& command, const std::string& header);

}  // namespace berth::cli
