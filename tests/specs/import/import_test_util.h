#pragma once
// Helpers shared by the import tests: reading fixtures, and the round trip every generated spec
// must survive (written as YAML, read back by berth's own spec parser without an error).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "specs/import/spec_draft.h"
#include "specs/import/spec_writer.h"
#include "specs/spec_parser.h"

namespace berth::specs::import::test {

inline std::filesystem::path fixture_path(const std::string& name) {
  return std::filesystem::path(BERTH_IMPORT_FIXTURES) / name;
}

inline std::string read_fixture(const std::string& name) {
  std::ifstream in(fixture_path(name), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(in) << "cannot read fixture " << name;
  return text.str();
}

// Parses spec text as berth would, failing the test with every error when it does not validate.
inline ServerSpec parse_spec_text(const std::string& text, const std::string& name = "imported") {
  ParsedFile parsed = parse_spec(text, SpecSource{name + ".yaml", name, "/specs"});
  for (const SpecError& error : parsed.errors) {
    ADD_FAILURE() << error.to_string() << "\nin:\n" << text;
  }
  return parsed.spec.value_or(ServerSpec{});
}

// The draft written out and read back.
inline ServerSpec round_trip(const SpecDraft& draft) {
  return parse_spec_text(write_spec(draft), draft.name);
}

}  // namespace berth::specs::import::test
