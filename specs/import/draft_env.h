#pragma once
// Adding environment variables to a draft the one way every importer must: a value that looks
// secret (import_names.h) becomes a secret reference and never spec text; a value nobody knows
// yet becomes a secret whose file the user creates. Secret file names stay unique in a draft.

#include <optional>
#include <string>

#include "specs/import/spec_draft.h"

namespace berth::specs::import {

// Removes whatever set `env_name` before (a later -e wins, as in docker).
void unset_env(SpecDraft& draft, const std::string& env_name);

// A secret setting `env_name`, its file named after it (`-2`, `-3`… when taken).
void add_secret(SpecDraft& draft, const std::string& env_name, std::optional<std::string> value,
                std::string note);

// `env_name` with a known value: a secret when it looks like one, else plain env. `from` says
// where the value came from, for the note.
void add_known_env(SpecDraft& draft, const std::string& env_name, const std::string& value,
                   const std::string& from);

// Makes `env_name` a secret whatever its name looks like (the source says it is one): a plain
// value moves into a secret; `note` replaces the secret's note.
void force_secret(SpecDraft& draft, const std::string& env_name, const std::string& note);

}  // namespace berth::specs::import
