#pragma once
// Helpers shared by the specs tests: parsing spec text into error lines or a spec, and a
// temporary directory that removes itself.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "specs/spec_error.h"
#include "specs/spec_parser.h"

namespace berth::specs::test {

using Lines = std::vector<std::string>;

// The start of a valid spec, four lines long: a body appended to it starts at line 5.
inline constexpr char kHead[] = R"(apiVersion: berth/v1
kind: MCPServer
spec:
  image: mcp/everything
)";

// Errors as `berth validate` prints them: `file:line:col: field: message`.
inline Lines error_lines(const std::vector<SpecError>& errors) {
  Lines lines;
  for (const SpecError& error : errors) lines.push_back(error.to_string());
  return lines;
}

// Like error_lines, with `dir/` cut from every file name (in the position and in messages), so
// errors in a temporary directory read like `berth validate` run inside it.
inline Lines error_lines_in(const std::vector<SpecError>& errors,
                            const std::filesystem::path& dir) {
  std::string prefix = dir.string() + "/";
  Lines lines = error_lines(errors);
  for (std::string& line : lines) {
    for (size_t at = line.find(prefix); at != std::string::npos; at = line.find(prefix, at)) {
      line.erase(at, prefix.size());
    }
  }
  return lines;
}

// Parses `text` as the file `specs/<file>`, whose relative volume sources resolve against /specs.
inline ParsedFile parse(std::string_view text, const std::string& file = "everything.yaml") {
  std::filesystem::path path(file);
  return parse_spec(text, SpecSource{"specs/" + file, path.stem().string(), "/specs"});
}

inline Lines parse_errors(std::string_view text, const std::string& file = "everything.yaml") {
  return error_lines(parse(text, file).errors);
}

// The spec of a text that must be valid; a test failure listing the errors otherwise.
inline ServerSpec parse_valid(std::string_view text, const std::string& file = "everything.yaml") {
  ParsedFile parsed = parse(text, file);
  if (!parsed.spec) {
    ADD_FAILURE() << "unexpected errors:\n" << ::testing::PrintToString(error_lines(parsed.errors));
    return ServerSpec{};
  }
  return *parsed.spec;
}

// A fresh directory under the test temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::path(::testing::TempDir()) / "specs-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `contents` to `name` (relative to the directory, parents created); returns its path.
  std::filesystem::path write(const std::string& name, std::string_view contents) const {
    std::filesystem::path file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    if (!out) ADD_FAILURE() << "cannot write " << file;
    return file;
  }

  std::filesystem::path mkdir(const std::string& name) const {
    std::filesystem::create_directories(path_ / name);
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace berth::specs::test
