#pragma once
// Checks a draft the way `berth run` will read it: written as YAML and parsed back by berth's own
// spec parser. An importer that composed something berth would refuse is caught before anything
// is printed or written; so is a password on the command line (a URL with one among the args),
// which the spec file would hold as text. Pure.

#include "base/result.h"
#include "specs/import/spec_draft.h"

namespace berth::specs::import {

Status check_draft(const SpecDraft& draft);

}  // namespace berth::specs::import
