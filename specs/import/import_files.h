#pragma once
// Where an import's results land: secret values in the secrets directory, spec files in the spec
// directory. Nothing here ever overwrites a file: a new file is created exclusively, and a name
// that is taken is reported (a spec) or avoided (a secret whose file holds another value).
//
// Secrets are placed in two steps so that a spec is written before its secrets and never
// half-written: plan_secrets settles every secret's file name and note, write_secrets creates the
// files (mode 0600, the directory 0700 when berth creates it). Not thread-safe per directory.

#include <filesystem>
#include <optional>
#include <string>

#include "base/result.h"
#include "specs/import/spec_draft.h"

namespace berth::specs::import {

struct SecretsDir {
  std::filesystem::path path;
  std::string shown;   // how notes name it, e.g. `secrets`
  bool write = false;  // write known values there; false: only tell the user what to create
};

// Gives each secret its final file name and note, and adds a todo line for each file the user
// must create. A known value whose file already holds another value moves to `<server>-<name>`.
Status plan_secrets(SpecDraft& draft, const SecretsDir& dir);

// Creates the file of every secret with a known value that is not there yet.
Status write_secrets(const SpecDraft& draft, const SecretsDir& dir);

// Creates `file` holding `text` with `mode`; an error when it exists (nothing is overwritten).
Status write_new_file(const std::filesystem::path& file, const std::string& text, int mode);

}  // namespace berth::specs::import
