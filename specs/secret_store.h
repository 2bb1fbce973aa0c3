#pragma once
// SecretStore: the secrets directory, where each secret is one file named after it.
//
// Secret values never appear in specs, logs or status; they are read here only to be handed to
// Docker and folded into the spec hash. A missing secret file is not a spec error (secrets
// arrive separately) but blocks the one server that needs it. Stateless; thread-safe.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "specs/server_spec.h"
#include "specs/spec_error.h"

namespace berth::specs {

class SecretStore {
 public:
  explicit SecretStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path file_of(const std::string& name) const { return dir_ / name; }

  // One error per secret of `spec` whose file is missing or unreadable, positioned at the
  // secret's name in the spec file.
  std::vector<SpecError> check(const ServerSpec& spec) const;

  // The contents of every secret of `spec`, by name; an error naming the first missing file.
  Result<std::map<std::string, std::string>> read(const ServerSpec& spec) const;

 private:
  Result<std::string> read_one(const std::string& name) const;

  std::filesystem::path dir_;
};

}  // namespace berth::specs
