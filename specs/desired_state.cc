#include "specs/desired_state.h"

#include <filesystem>

namespace berth::specs {

namespace {

// `specs/`, `specs` and `specs/.` name one directory.
std::string normal_form(const std::filesystem::path& path) {
  std::string text = path.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace

bool held_by_invalid(const std::string& source_file, const std::set<std::string>& invalid_files) {
  std::filesystem::path file(source_file);
  for (const std::string& path : invalid_files) {
    std::string invalid = normal_form(path);
    if (invalid == normal_form(file) || invalid == normal_form(file.parent_path())) return true;
  }
  return false;
}

DesiredState carry_over_invalid(const DesiredState& previous, DesiredState next) {
  for (const auto& [name, spec] : previous.servers) {
    bool held = !next.hold_reason.empty() || held_by_invalid(spec.source_file, next.invalid_files);
    if (held) next.servers.try_emplace(name, spec);
  }
  return next;
}

}  // namespace berth::specs
