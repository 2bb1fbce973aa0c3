#include "proxy/http/token_file.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace berth::proxy::http {

namespace {

std::string errno_text(int error) { return std::generic_category().message(error); }

// Closes the descriptor on every path out of read_token_file.
class FileCloser {
 public:
  explicit FileCloser(int fd) : fd_(fd) {}
  ~FileCloser() { ::close(fd_); }
  FileCloser(const FileCloser&) = delete;
  FileCloser& operator=(const FileCloser&) = delete;

 private:
  int fd_;
};

Result<std::string> read_all(int fd, const std::string& path) {
  std::string contents;
  char buffer[1024];
  while (contents.size() <= kMaxTokenFileBytes) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error{"cannot read token file " + path + ": " + errno_text(errno)};
    if (n == 0) return contents;
    contents.append(buffer, static_cast<std::size_t>(n));
  }
  return Error{"token file " + path + " is larger than " + std::to_string(kMaxTokenFileBytes) +
               " bytes; it should hold one token"};
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Visible ASCII only: what a client can send after "Authorization: Bearer ".
bool is_token_char(char c) { return c > 0x20 && c < 0x7f; }

void warn_if_open_to_others(int fd, const std::string& path) {
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) return;
  mode_t mode = info.st_mode & 07777;
  if ((mode & 077) == 0) return;
  spdlog::warn(
      "event=token-file-permissions path={} mode={:04o} "
      "message=\"the token file is readable by group or others; run chmod 600 on it\"",
      path, static_cast<unsigned>(mode));
}

}  // namespace

Result<std::string> read_token_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{"cannot open token file " + path + ": " + errno_text(errno)};
  FileCloser closer(fd);
  Result<std::string> contents = read_all(fd, path);
  if (!contents.ok()) return contents;
  std::string token = std::move(contents).value();
  while (!token.empty() && is_space(token.back())) token.pop_back();
  if (token.empty()) return Error{"token file " + path + " holds no token"};
  if (!std::all_of(token.begin(), token.end(), is_token_char)) {
    return Error{"the token in " + path +
                 " contains spaces or control characters; use printable ASCII only"};
  }
  warn_if_open_to_others(fd, path);
  return token;
}

}  // namespace berth::proxy::http
