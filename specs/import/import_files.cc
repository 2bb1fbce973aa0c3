#include "specs/import/import_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace berth::specs::import {
namespace {

constexpr size_t kMaxSecretBytes = 1024 * 1024;

// The file's contents when it exists and is small enough to compare; nullopt when absent.
Result<std::optional<std::string>> existing_contents(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::optional<std::string>();
  if (!std::filesystem::is_regular_file(file, ec) ||
      std::filesystem::file_size(file, ec) > kMaxSecretBytes) {
    return Error{file.string() + " exists and is not a secret file"};
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return Error{file.string() + " exists and cannot be read"};
  return std::optional<std::string>(text.str());
}

void append_note(std::string& note, const std::string& text) {
  note += (note.empty() ? "" : "; ") + text;
}

std::string shown_file(const SecretsDir& dir, const std::string& name) {
  return dir.shown + "/" + name;
}

// Settles one secret with a known value: its own name, or `<server>-<name>` when that file holds
// another value. Returns whether the file must still be written.
Status plan_known(SpecDraft& draft, SecretDraft& secret, const SecretsDir& dir) {
  for (const std::string& name : {secret.name, draft.name + "-" + secret.name}) {
    auto existing = existing_contents(dir.path / name);
    if (!existing) return existing.error_value();
    if (existing->has_value() && **existing != *secret.value) continue;
    bool moved = name != secret.name;
    secret.name = name;
    std::string where = shown_file(dir, name);
    std::string why = moved ? " (the first choice held another value)" : "";
    append_note(secret.note, existing->has_value() ? where + " already holds it" + why
                                                   : "written to " + where + " (mode 0600)" + why);
    return ok_status();
  }
  return Error{"secret " + secret.env + ": " + shown_file(dir, secret.name) + " and " +
               shown_file(dir, draft.name + "-" + secret.name) +
               " both hold other values; move one away"};
}

}  // namespace

Status plan_secrets(SpecDraft& draft, const SecretsDir& dir) {
  for (SecretDraft& secret : draft.secrets) {
    std::string file = shown_file(dir, secret.name);
    if (secret.value && dir.write) {
      if (Status planned = plan_known(draft, secret, dir); !planned) return planned;
      continue;
    }
    std::string what = secret.value ? "the value given for " + secret.env : secret.env + "'s value";
    append_note(secret.note, "create " + file + " holding " + what);
    draft.todo.push_back(draft.name + ": create " + file + " holding " + what +
                         " (mode 0600, no trailing newline)");
  }
  return ok_status();
}

Status write_secrets(const SpecDraft& draft, const SecretsDir& dir) {
  if (!dir.write) return ok_status();
  for (const SecretDraft& secret : draft.secrets) {
    if (!secret.value) continue;
    std::filesystem::path file = dir.path / secret.name;
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) continue;  // plan_secrets found it holds this value
    if (!std::filesystem::exists(dir.path, ec)) {
      std::filesystem::create_directories(dir.path, ec);
      if (ec) return Error{"cannot create " + dir.path.string() + ": " + ec.message()};
      ::chmod(dir.path.c_str(), 0700);
    }
    if (Status written = write_new_file(file, *secret.value, 0600); !written) return written;
  }
  return ok_status();
}

Status write_new_file(const std::filesystem::path& file, const std::string& text, int mode) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    int error = errno;
    if (error == EEXIST) return Error{file.string() + " exists; it is not overwritten"};
    return Error{"cannot create " + file.string() + ": " + std::strerror(error)};
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      return Error{"cannot write " + file.string() + ": " + std::strerror(error)};
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return Error{"cannot write " + file.string() + ": " + std::strerror(errno)};
  return ok_status();
}

}  // namespace berth::specs::import
