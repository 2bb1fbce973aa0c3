#include "tools/berth/validate_command.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <iostream>

#include "specs/secret_store.h"
#include "specs/spec_loader.h"
#include "tools/berth/command_line.h"
#include "tools/berth/defaults.h"

namespace berth::cli {
namespace {

using specs::DesiredState;

constexpr char kUsage[] = "usage: berth validate [--secrets DIR] [--json] [PATH...]\n";

void check_secrets(const std::string& dir, DesiredState& state) {
  specs::SecretStore store(dir);
  for (const auto& [name, spec] : state.servers) {
    auto missing = store.check(spec);
    state.errors.insert(state.errors.end(), missing.begin(), missing.end());
  }
  specs::sort_errors(state.errors);
}

void print_json(const DesiredState& state) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("valid");
  w.Bool(state.errors.empty());
  w.Key("files");
  w.Uint64(state.files_read);
  w.Key("servers");
  w.StartArray();
  for (const auto& [name, spec] : state.servers) w.String(name.c_str());
  w.EndArray();
  w.Key("errors");
  std::string errors = specs::errors_to_json(state.errors);
  w.RawValue(errors.c_str(), errors.size(), rapidjson::kArrayType);
  w.EndObject();
  std::cout << buffer.GetString() << "\n";
}

void print_text(const DesiredState& state) {
  for (const specs::SpecError& error : state.errors) std::cout << error.to_string() << "\n";
  std::cout.flush();
  size_t bad_files = state.invalid_files.size();
  std::fprintf(stderr, "%zu file%s, %zu valid server%s, %zu error%s", state.files_read,
               state.files_read == 1 ? "" : "s", state.servers.size(),
               state.servers.size() == 1 ? "" : "s", state.errors.size(),
               state.errors.size() == 1 ? "" : "s");
  if (bad_files > 0) std::fprintf(stderr, " in %zu file%s", bad_files, bad_files == 1 ? "" : "s");
  std::fprintf(stderr, "\n");
}

}  // namespace

int validate_command(const std::vector<std::string>& args) {
  auto line = CommandLine::parse(args, OptionSpec{{"--secrets"}, {"--json", "--help"}});
  if (!line || line->flag("--help")) {
    if (!line) std::cerr << "berth validate: " << line.error() << "\n";
    std::cerr << kUsage;
    return line ? 0 : 2;
  }
  std::vector<std::filesystem::path> paths(line->operands().begin(), line->operands().end());
  if (paths.empty()) paths.emplace_back(kDefaultSpecDir);
  DesiredState state = specs::load_specs(paths);
  if (auto secrets = line->value("--secrets")) check_secrets(*secrets, state);
  if (line->flag("--json")) {
    print_json(state);
  } else {
    print_text(state);
  }
  return state.errors.empty() ? 0 : 1;
}

}  // namespace berth::cli
