#pragma once
// SpecReloader: reads the spec directory for `berth run` (at start, on SIGHUP, on each change
// seen by the watcher) into the snapshot handed to the reconciler, and logs what changed since
// the previous read rather than everything again.
//
// It applies the trust rules of specs/spec_dir.h: a directory that cannot be read, or one with no
// spec file that nobody confirmed, yields a snapshot with a hold_reason, under which no server is
// removed. An empty directory is believed with --allow-empty, or once the directory held spec
// files earlier in this run (they were deleted on purpose).
//
// Logs (key=value): each new spec error once (error), each error gone (info), a hold when it
// begins or ends (warn/info). Not thread-safe: `berth run` serializes its loads.

#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "specs/desired_state.h"

namespace berth::cli {

class SpecReloader {
 public:
  SpecReloader(std::filesystem::path dir, bool allow_empty);

  std::shared_ptr<const specs::DesiredState> load();

 private:
  void log_error_changes(const specs::DesiredState& state);
  void log_hold_changes(const specs::DesiredState& state);

  const std::filesystem::path dir_;
  const bool allow_empty_;
  bool saw_files_ = false;
  std::set<std::string> errors_;  // as logged after the previous load
  std::string hold_reason_;       // of the previous load
};

}  // namespace berth::cli
