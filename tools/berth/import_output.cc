#include "tools/berth/import_output.h"

#include <iostream>

#include "specs/import/draft_check.h"
#include "specs/import/spec_writer.h"
#include "tools/berth/defaults.h"

namespace berth::cli {

using specs::import::SecretsDir;
using specs::import::SpecDraft;

SecretsDir secrets_dir_option(const std::optional<std::string>& option) {
  if (!option) return SecretsDir{kDefaultSecretsDir, kDefaultSecretsDir, false};
  return SecretsDir{*option, *option, true};
}

Result<std::string> finish_draft(SpecDraft& draft, const SecretsDir& secrets) {
  if (Status planned = specs::import::plan_secrets(draft, secrets); !planned) {
    return planned.error_value();
  }
  if (Status checked = specs::import::check_draft(draft); !checked) return checked.error_value();
  return specs::import::write_spec(draft);
}

void print_todo(const SpecDraft& draft) {
  for (const std::string& line : draft.todo) std::cerr << "berth import: " << line << "\n";
}

int print_draft(Result<SpecDraft> draft, const SecretsDir& secrets, const std::string& command,
                const std::string& header) {
  Result<std::string> text =
      draft ? finish_draft(draft.value(), secrets) : Result<std::string>(draft.error_value());
  if (text) {
    if (Status written = specs::import::write_secrets(*draft, secrets); !written) {
      text = written.error_value();
    }
  }
  if (!text) {
    std::cerr << "berth import " << command << ": " << text.error() << "\n";
    return 1;
  }
  std::cout << header << *text;
  print_todo(*draft);
  return 0;
}

}  // namespace berth::cli
