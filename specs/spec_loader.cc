#include "specs/spec_loader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "specs/spec_parser.h"

namespace berth::specs {
namespace {

namespace fs = std::filesystem;

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

void file_error(DesiredState& state, const fs::path& file, std::string message) {
  state.errors.push_back(SpecError{file.string(), 0, 0, "", std::move(message)});
  state.invalid_files.insert(file.string());
}

// Drops the files named earlier, so `berth validate specs specs/a.yaml` reads a.yaml once
// instead of finding its server defined twice.
std::vector<fs::path> without_repeats(const std::vector<fs::path>& files) {
  std::vector<fs::path> out;
  std::set<fs::path> seen;
  for (const fs::path& file : files) {
    std::error_code ec;
    fs::path identity = fs::weakly_canonical(file, ec);
    if (seen.insert(ec ? file.lexically_normal() : identity).second) out.push_back(file);
  }
  return out;
}

// The spec files named by `paths`, in a stable order; problems with the paths become errors.
std::vector<fs::path> list_files(const std::vector<fs::path>& paths, DesiredState& state) {
  std::vector<fs::path> files;
  for (const fs::path& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (fs::is_directory(status)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::directory_iterator(path, ec)) {
        if (entry.is_directory(ec) || !is_spec_file_name(entry.path().filename().string())) {
          continue;
        }
        if (entry.is_regular_file(ec)) {
          found.push_back(entry.path());
        } else {
          file_error(state, entry.path(), "not a regular file");
        }
      }
      if (ec) file_error(state, path, "cannot list the directory: " + ec.message());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(status)) {
      files.push_back(path);
    } else if (fs::exists(status)) {
      file_error(state, path, "not a regular file or directory");
    } else {
      file_error(state, path, "no such file or directory");
    }
  }
  return without_repeats(files);
}

std::optional<std::string> read_file(const fs::path& file, DesiredState& state) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (!ec && size > kMaxSpecFileBytes) {
    file_error(state, file, "the file is larger than 1 MiB; a spec is a few lines");
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    file_error(state, file, std::string("cannot open the file: ") + std::strerror(errno));
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    file_error(state, file, "cannot read the file");
    return std::nullopt;
  }
  return text.str();
}

SpecSource source_for(const fs::path& file) {
  std::error_code ec;
  fs::path dir = fs::absolute(file, ec).parent_path();
  return SpecSource{file.string(), file.stem().string(), dir};
}

// A name defined in several files is an error in each of them; none of them is used.
void reject_duplicates(const std::vector<ServerSpec>& specs, DesiredState& state) {
  std::map<std::string, std::vector<const ServerSpec*>> by_name;
  for (const ServerSpec& spec : specs) by_name[spec.name].push_back(&spec);
  for (const auto& [name, group] : by_name) {
    if (group.size() == 1) {
      state.servers.emplace(name, *group.front());
      continue;
    }
    for (const ServerSpec* spec : group) {
      const ServerSpec* other = group.front() == spec ? group[1] : group.front();
      std::string where = other->source_file + ":" + std::to_string(other->name_pos.line) + ":" +
                          std::to_string(other->name_pos.column);
      state.errors.push_back(SpecError{spec->source_file, spec->name_pos.line,
                                       spec->name_pos.column, "metadata.name",
                                       "server \"" + name + "\" is also defined in " + where});
      state.invalid_files.insert(spec->source_file);
    }
  }
}

}  // namespace

bool is_spec_file_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  return ends_with(name, ".yaml") || ends_with(name, ".yml");
}

DesiredState load_specs(const std::vector<fs::path>& paths) {
  DesiredState state;
  std::vector<ServerSpec> specs;
  for (const fs::path& file : list_files(paths, state)) {
    ++state.files_read;
    auto text = read_file(file, state);
    if (!text) continue;
    ParsedFile parsed = parse_spec(*text, source_for(file));
    if (parsed.spec) {
      specs.push_back(std::move(*parsed.spec));
    } else {
      state.invalid_files.insert(file.string());
      state.errors.insert(state.errors.end(), parsed.errors.begin(), parsed.errors.end());
    }
  }
  reject_duplicates(specs, state);
  sort_errors(state.errors);
  return state;
}

}  // namespace berth::specs
