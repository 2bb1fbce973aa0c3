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

DesiredState carry_over_invalid(const DesiredState& previous, DesiredState next) {
  std::set<std::string> invalid;  // invalid files, and directories that could not be listed
  for (const std::string& path : next.invalid_files) invalid.insert(normal_form(path));
  for (const auto& [name, spec] : previous.servers) {
    std::filesystem::path file(spec.source_file);
    if (invalid.count(normal_form(file)) != 0 || invalid.count(normal_form(file.parent_path()))) {
      next.servers.try_emplace(name, spec);
    }
  }
  return next;
}

}  // namespace berth::specs
