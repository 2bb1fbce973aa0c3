#pragma once
// Writes a SpecDraft as the text of a spec file: berth/v1 YAML in the README's field order, each
// note a comment above its field. Secret values are never written. Pure.

#include <string>

#include "specs/import/spec_draft.h"

namespace berth::specs::import {

struct WriteOptions {
  // `user`, `readOnlyRootFilesystem` and `tmpfs` are written only when the spec parser knows them;
  // until then a draft is checked without them (see draft_check.h).
  bool least_privilege_fields = true;
};

std::string write_spec(const SpecDraft& draft, const WriteOptions& options = {});

}  // namespace berth::specs::import
