#include "specs/import/draft_check.h"

#include "specs/import/spec_writer.h"
#include "specs/spec_parser.h"

namespace berth::specs::import {

Status check_draft(const SpecDraft& draft) {
  // The parser does not know user, readOnlyRootFilesystem and tmpfs yet (they arrive with the
  // least-privilege fields); the rest of the draft is checked.
  std::string text = write_spec(draft, WriteOptions{.least_privilege_fields = false});
  ParsedFile parsed = parse_spec(text, SpecSource{draft.name + ".yaml", draft.name, "/"});
  if (parsed.errors.empty()) return ok_status();
  std::string message = "the spec made for " + draft.name + " does not validate:";
  for (const SpecError& error : parsed.errors) {
    message += "\n  " + error.field + ": " + error.message;
  }
  return Error{message};
}

}  // namespace berth::specs::import
