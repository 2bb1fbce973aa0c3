#include "specs/secret_store.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace berth::specs {

namespace {

constexpr uintmax_t kMaxSecretBytes = 1024 * 1024;

// An environment variable cannot carry a NUL byte. Handed to the engine anyway, the container is
// refused with an error that quotes the variable, value and all; the message names the file and
// never the content.
Status check_env_value(const SecretRef& secret, const std::string& value,
                       const std::filesystem::path& file) {
  if (secret.env.empty() || value.find('\0') == std::string::npos) return ok_status();
  return Error{"secret file " + file.string() + " holds a NUL byte, which the environment " +
               "variable " + secret.env + " cannot carry (use `path:` for binary secrets)"};
}

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
    Status usable = value ? check_env_value(secret, *value, file_of(secret.name))
                          : Status(Error{value.error()});
    if (usable) continue;
    errors.push_back(SpecError{spec.source_file, secret.pos.line, secret.pos.column,
                               "spec.secrets[" + std::to_string(i) + "].name", usable.error()});
  }
  return errors;
}

Result<std::map<std::string, std::string>> SecretStore::read(const ServerSpec& spec) const {
  std::map<std::string, std::string> values;
  for (const SecretRef& secret : spec.secrets) {
    auto known = values.find(secret.name);
    if (known == values.end()) {
      auto value = read_one(secret.name);
      if (!value) return Error{value.error()};
      known = values.emplace(secret.name, std::move(value).value()).first;
    }
    Status usable = check_env_value(secret, known->second, file_of(secret.name));
    if (!usable) return Error{usable.error()};
  }
  return values;
}

}  // namespace berth::specs
