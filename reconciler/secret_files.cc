#include "reconciler/secret_files.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <spdlog/spdlog.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

namespace berth::reconciler {
namespace {

namespace fs = std::filesystem;

Error io_error(const std::string& what, const fs::path& path) {
  return Error{"cannot " + what + " " + path.string() + ": " + strerror(errno)};
}

// A directory only root can enter, created if missing and tightened if it was looser.
Status private_dir(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return io_error("create", dir);
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) return io_error("inspect", dir);
  if (!S_ISDIR(st.st_mode)) return Error{dir.string() + " is not a directory"};
  if (::chown(dir.c_str(), 0, 0) != 0 && geteuid() == 0) return io_error("chown", dir);
  if (::chmod(dir.c_str(), 0700) != 0) return io_error("chmod", dir);
  return ok_status();
}

Status hand_over(const fs::path& path, const SecretOwner& owner, mode_t known_mode,
                 mode_t unknown_mode) {
  bool foreign = owner.uid != geteuid() || owner.gid != getegid();
  if (owner.known && foreign && ::chown(path.c_str(), owner.uid, owner.gid) != 0) {
    return Error{"cannot give " + path.string() + " to uid " + std::to_string(owner.uid) + ": " +
                 strerror(errno) + " (berth hands secrets to the container's user as root)"};
  }
  if (::chmod(path.c_str(), owner.known ? known_mode : unknown_mode) != 0) {
    return io_error("chmod", path);
  }
  return ok_status();
}

Status write_file(const fs::path& path, const std::string& contents, const SecretOwner& owner) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return io_error("create", path);
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Error error = io_error("write", path);
      ::close(fd);
      return error;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return io_error("write", path);
  return hand_over(path, owner, 0400, 0444);
}

}  // namespace

SecretFiles::SecretFiles(fs::path root, std::string instance)
    : root_(std::move(root)), instance_dir_(root_ / instance) {}

Result<ContainerSecrets> SecretFiles::write(const std::string& container,
                                            const specs::ServerSpec& spec,
                                            const std::map<std::string, std::string>& values,
                                            const SecretOwner& owner) const {
  wipe(container);
  fs::path dir = dir_of(container);
  for (const fs::path& step : {root_, instance_dir_, dir}) {
    if (Status made = private_dir(step); !made) return Error{made.error()};
  }
  ContainerSecrets out;
  for (const specs::SecretRef& secret : spec.secrets) {
    bool env = !secret.env.empty();
    fs::path parent = dir / (env ? "env" : "files");
    if (::mkdir(parent.c_str(), 0700) != 0 && errno != EEXIST) return io_error("create", parent);
    fs::path file = parent / (env ? secret.env : secret.name);
    if (!env && out.files.count(secret.name) != 0) continue;  // one file, mounted twice
    if (Status written = write_file(file, values.at(secret.name), owner); !written) {
      return Error{written.error()};
    }
    if (env) {
      out.env_dir = parent;
    } else {
      out.files[secret.name] = file;
    }
  }
  if (!out.env_dir.empty()) {
    if (Status given = hand_over(out.env_dir, owner, 0500, 0555); !given) {
      return Error{given.error()};
    }
  }
  return out;
}

void SecretFiles::wipe(const std::string& container) const {
  std::error_code ec;
  fs::remove_all(dir_of(container), ec);
  if (ec) {
    spdlog::warn("secret files not wiped container={} dir={} error=\"{}\"", container,
                 dir_of(container).string(), ec.message());
  }
}

void SecretFiles::wipe_all_but(const std::set<std::string>& keep) const {
  std::error_code ec;
  auto young = fs::file_time_type::clock::now() - std::chrono::minutes(1);
  for (const auto& entry : fs::directory_iterator(instance_dir_, ec)) {
    std::string name = entry.path().filename().string();
    std::error_code time_ec;
    auto written = fs::last_write_time(entry.path(), time_ec);
    if (keep.count(name) == 0 && !time_ec && written < young) wipe(name);
  }
}

std::optional<std::string> SecretFiles::placement_warning() const {
  fs::path probe = root_;
  while (!probe.empty() && !fs::exists(probe)) probe = probe.parent_path();
  struct statfs fs_info {};
  if (probe.empty() || ::statfs(probe.c_str(), &fs_info) != 0) return std::nullopt;
  if (fs_info.f_type == TMPFS_MAGIC || fs_info.f_type == RAMFS_MAGIC) return std::nullopt;
  return "the runtime directory " + root_.string() +
         " is not on a tmpfs: container secrets written there may reach a disk";
}

}  // namespace berth::reconciler
