#pragma once
// The spec directory as an operator names it (`--specs DIR`), checked before berth trusts what
// it reads there.
//
// A directory that is missing, not a directory, or unreadable says nothing about what should run:
// `berth run` refuses to start on one and `berth plan` refuses to plan. An existing directory
// with no spec file at all is readable but suspicious (a mistyped path, the wrong working
// directory); the caller decides whether to believe it (see DesiredState::hold_reason).
// Stateless; thread-safe.

#include <filesystem>
#include <string>

#include "base/result.h"
#include "specs/desired_state.h"

namespace berth::specs {

// Ok when `dir` is a directory whose entries can be listed; else an error naming the path and
// the cause, e.g. "the spec directory 'spec' does not exist".
Status check_spec_dir(const std::filesystem::path& dir);

// Sets `state.hold_reason` when what was read from `dir` cannot be trusted to say which servers
// should stop: the directory cannot be read, or it holds no spec file at all and nothing
// confirmed that an empty directory is meant (`empty_is_meant`: the --allow-empty flag, or spec
// files seen in this directory earlier in the same run).
void hold_if_untrusted(DesiredState& state, const std::filesystem::path& dir, bool empty_is_meant);

}  // namespace berth::specs
