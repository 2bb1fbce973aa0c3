#include "specs/import/draft_check.h"

#include "specs/import/import_names.h"
#include "specs/import/spec_writer.h"
#include "specs/spec_parser.h"

namespace berth::specs::import {

namespace {

// A password in a command line would sit in the spec file as text.
Status check_no_password(const std::optional<std::vector<std::string>>& words, const char* field) {
  for (size_t i = 0; words && i < words->size(); ++i) {
    if (!url_with_password((*words)[i])) continue;
    return Error{std::string(field) + "[" + std::to_string(i) + "]: \"" +
                 without_password((*words)[i]) + "\" holds a password, which a spec file would " +
                 "hold too; berth passes secrets only as environment variables or files"};
  }
  return ok_status();
}

}  // namespace

Status check_draft(const SpecDraft& draft) {
  if (Status command = check_no_password(draft.command, "command"); !command) return command;
  if (Status args = check_no_password(draft.args, "args"); !args) return args;
  std::string text = write_spec(draft);
  ParsedFile parsed = parse_spec(text, SpecSource{draft.name + ".yaml", draft.name, "/"});
  if (parsed.errors.empty()) return ok_status();
  std::string message = "the spec made for " + draft.name + " does not validate:";
  for (const SpecError& error : parsed.errors) {
    message += "\n  " + error.field + ": " + error.message;
  }
  return Error{message};
}

}  // namespace berth::specs::import
