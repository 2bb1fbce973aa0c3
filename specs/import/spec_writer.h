#pragma once
// Writes a SpecDraft as the text of a spec file: berth/v1 YAML in the README's field order, each
// note a comment above its field. Secret values are never written. Pure.

#include <string>

#include "specs/import/spec_draft.h"

namespace berth::specs::import {

std::string write_spec(const SpecDraft& draft);

}  // namespace berth::specs::import
