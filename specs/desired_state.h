#pragma once
// DesiredState: what the spec files ask for at one moment — the valid servers by name, every
// error found, and which files were invalid.
//
// A DesiredState is built once by the loader and then never changes; the reconciler receives it
// as a `shared_ptr<const DesiredState>` snapshot and may read it from any thread.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "specs/server_spec.h"
#include "specs/spec_error.h"

namespace berth::specs {

struct DesiredState {
  std::map<std::string, ServerSpec> servers;  // by server name
  std::vector<SpecError> errors;              // sorted by file and position
  std::set<std::string> invalid_files;        // files with an error, directories not listed
  size_t files_read = 0;
  // Not empty: this state cannot be trusted to say what should stop (its directory holds no
  // spec file and nobody confirmed that, see specs/spec_dir.h), so no server is removed for want
  // of a spec while it is in force. The text says why, for the log and /status.
  std::string hold_reason;
};

// The fail-safe rule: a server whose file is invalid in `next` keeps the spec it had in
// `previous` (unless `next` validly defines that name elsewhere), so a half-written or broken
// file never stops or replaces what it last described. A directory that is missing or cannot be
// listed (moved away for a moment, a permission slip) keeps every server it held, and so does a
// state with a hold_reason. A server disappears only when its file is gone from a readable
// directory or validly stops naming it.
DesiredState carry_over_invalid(const DesiredState& previous, DesiredState next);

// Whether a server defined in `source_file` is held by the fail-safe rule: the file, or the
// directory holding it, is among `invalid_files`.
bool held_by_invalid(const std::string& source_file, const std::set<std::string>& invalid_files);

}  // namespace berth::specs
