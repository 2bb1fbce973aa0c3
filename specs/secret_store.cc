#include "specs/secret_store.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace berth::specs {

namespace {
constexpr uintmax_t kMaxSecretBytes = 1024 * 1024;
}  // namespace

Result<std::string> SecretStore::read_one(const std::string& name) const {
  std::filesystem::path file = file_of(name);
  std::error_code ec;
  auto status = std::filesystem::status(file, ec);
  if (!std::filesystem::exists(status))
    return Error{"secret file " + file.string() + " is missing"};
  if (!std::filesystem::is_regular_file(status)) {
    return Error{"secret file " + file.string() + " is not a regular file"};
  }
  if (std::filesystem::file_size(file, ec) > kMaxSecretBytes) {
    return Error{"secret file " + file.string() + " is larger than 1 MiB"};
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream contents;
  if (in) contents << in.rdbuf();
  if (!in) return Error{"secret file " + file.string() + " cannot be read"};
  return contents.str();
}

std::vector<SpecError> SecretStore::check(const ServerSpec& spec) const {
  std::vector<SpecError> errors;
  for (size_t i = 0; i < spec.secrets.size(); ++i) {
    const SecretRef& secret = spec.secrets[i];
    auto value = read_one(secret.name);
    if (value) continue;
    errors.push_back(SpecError{spec.source_file, secret.pos.line, secret.pos.column,
                               "spec.secrets[" + std::to_string(i) + "].name", value.error()});
  }
  return errors;
}

Result<std::map<std::string, std::string>> SecretStore::read(const ServerSpec& spec) const {
  std::map<std::string, std::string> values;
  for (const SecretRef& secret : spec.secrets) {
    if (values.count(secret.name) != 0) continue;
    auto value = read_one(secret.name);
    if (!value) return Error{value.error()};
    values.emplace(secret.name, std::move(value).value());
  }
  return values;
}

}  // namespace berth::specs
