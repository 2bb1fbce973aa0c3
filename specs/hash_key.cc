#include "specs/hash_key.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace berth::specs {
namespace {

constexpr size_t kKeyBytes = 32;

Result<std::string> read_key(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream contents;
  if (in) contents << in.rdbuf();
  if (!in) return Error{"cannot read the hash key " + file.string()};
  if (contents.str().size() < kKeyBytes) {
    return Error{"the hash key " + file.string() + " is shorter than 32 bytes; delete it to " +
                 "create a new one (every container with secrets will then be replaced once)"};
  }
  return contents.str();
}

Status write_new_key(const std::filesystem::path& file) {
  unsigned char key[kKeyBytes];
  if (RAND_bytes(key, sizeof key) != 1) return Error{"no random bytes for a new hash key"};
  std::filesystem::path temp = file;
  temp += ".tmp-" + std::to_string(getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Error{"cannot create " + temp.string() + ": " + std::strerror(errno)};
  bool written = ::write(fd, key, sizeof key) == static_cast<ssize_t>(sizeof key);
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  // link() refuses to replace a key another process created meanwhile; theirs wins.
  bool linked = written && synced && (::link(temp.c_str(), file.c_str()) == 0 || errno == EEXIST);
  int saved = errno;
  ::unlink(temp.c_str());
  if (!linked) return Error{"cannot write " + file.string() + ": " + std::strerror(saved)};
  return ok_status();
}

}  // namespace

Result<std::string> load_or_create_hash_key(const std::filesystem::path& file) {
  std::error_code ec;
  bool exists = std::filesystem::exists(file, ec);
  if (ec) return Error{"cannot look for the hash key " + file.string() + ": " + ec.message()};
  if (!exists) {
    std::filesystem::create_directories(file.parent_path(), ec);
    if (auto status = write_new_key(file); !status) return Error{status.error()};
  }
  return read_key(file);
}

}  // namespace berth::specs
