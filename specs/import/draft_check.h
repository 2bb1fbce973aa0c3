#pragma once
// Checks a draft the way `berth run` will read it: written as YAML and parsed back by berth's own
// spec parser. An importer that composed something berth would refuse is caught before anything
// is printed or written. Pure.

#include "base/result.h"
#include "specs/import/spec_draft.h"

namespace berth::specs::import {

Status check_draft(const SpecDraft& draft);

}  // namespace berth::specs::import
