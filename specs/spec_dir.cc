#include "specs/spec_dir.h"

#include <system_error>

namespace berth::specs {

namespace fs = std::filesystem;

Status check_spec_dir(const fs::path& dir) {
  const std::string quoted = "'" + dir.string() + "'";
  std::error_code ec;
  fs::file_status status = fs::status(dir, ec);
  if (!fs::exists(status)) {
    return Error{"the spec directory " + quoted + " does not exist (--specs names another)"};
  }
  if (!fs::is_directory(status)) {
    return Error{"the spec path " + quoted + " is not a directory"};
  }
  fs::directory_iterator listing(dir, ec);
  if (ec) return Error{"cannot read the spec directory " + quoted + ": " + ec.message()};
  return ok_status();
}

void hold_if_untrusted(DesiredState& state, const fs::path& dir, bool empty_is_meant) {
  if (Status readable = check_spec_dir(dir); !readable) {
    state.hold_reason = readable.error() + "; every server of this instance keeps running";
  } else if (state.files_read == 0 && !empty_is_meant) {
    state.hold_reason = "the spec directory '" + dir.string() +
                        "' holds no spec file; every server of this instance keeps running "
                        "(--allow-empty if an empty directory is meant)";
  }
}

}  // namespace berth::specs
