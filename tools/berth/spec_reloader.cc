#include "tools/berth/spec_reloader.h"

#include <spdlog/spdlog.h>

#include "specs/spec_dir.h"
#include "specs/spec_loader.h"

namespace berth::cli {

SpecReloader::SpecReloader(std::filesystem::path dir, bool allow_empty)
    : dir_(std::move(dir)), allow_empty_(allow_empty) {}

std::shared_ptr<const specs::DesiredState> SpecReloader::load() {
  auto state = std::make_shared<specs::DesiredState>(specs::load_specs({dir_}));
  specs::hold_if_untrusted(*state, dir_, allow_empty_ || saw_files_);
  saw_files_ = saw_files_ || state->files_read > 0;
  log_error_changes(*state);
  log_hold_changes(*state);
  return state;
}

void SpecReloader::log_error_changes(const specs::DesiredState& state) {
  std::set<std::string> now;
  for (const specs::SpecError& e : state.errors) now.insert(e.to_string());
  for (const std::string& error : now) {
    if (errors_.count(error) == 0) spdlog::error("spec invalid error=\"{}\"", error);
  }
  for (const std::string& error : errors_) {
    if (now.count(error) == 0) spdlog::info("spec error gone error=\"{}\"", error);
  }
  errors_ = std::move(now);
}

void SpecReloader::log_hold_changes(const specs::DesiredState& state) {
  if (state.hold_reason == hold_reason_) return;
  if (!state.hold_reason.empty()) {
    spdlog::warn("specs held reason=\"{}\"", state.hold_reason);
  } else {
    spdlog::info("specs trusted again dir={} files={}", dir_.string(), state.files_read);
  }
  hold_reason_ = state.hold_reason;
}

}  // namespace berth::cli
