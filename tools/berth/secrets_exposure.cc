#include "tools/berth/secrets_exposure.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <system_error>
#include <vector>

#include "specs/hash_key.h"

namespace berth::cli {
namespace {

namespace fs = std::filesystem;

// The top of the git work tree holding `path`, if any: the nearest directory with a `.git`.
std::optional<fs::path> work_tree_of(const fs::path& path) {
  for (fs::path dir = path; !dir.empty(); dir = dir.parent_path()) {
    std::error_code ec;
    if (fs::exists(dir / ".git", ec)) return dir;
    if (dir == dir.root_path()) break;
  }
  return std::nullopt;
}

// git's exit status for `git -C top check-ignore -q -- relative` (0 ignored, 1 not), or -1 when
// git could not be run.
int git_check_ignore(const fs::path& top, const fs::path& relative) {
  std::vector<std::string> args{"git", "-C", top.string(),     "check-ignore",
                                "-q",  "--", relative.string()};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0);
  }
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  int code = WEXITSTATUS(status);
  return code == 0 || code == 1 ? code : -1;
}

}  // namespace

std::optional<std::string> secrets_exposure_warning(const fs::path& secrets_dir) {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(secrets_dir, ec), ec);
  if (ec) return std::nullopt;
  std::optional<fs::path> top = work_tree_of(dir);
  if (!top) return std::nullopt;
  // A file berth itself writes there (the hash key) stands for everything in the directory.
  fs::path probe = dir.lexically_relative(*top) / specs::kHashKeyFileName;
  int ignored = git_check_ignore(*top, probe);
  if (ignored == 0) return std::nullopt;
  std::string where =
      "the secrets directory " + dir.string() + " is inside the git work tree " + top->string();
  if (ignored < 0) return where + " and git could not tell whether it is ignored";
  return where +
         " and git does not ignore it: add it to .gitignore (or use --secrets DIR "
         "outside the tree) before a secret is committed by mistake";
}

}  // namespace berth::cli
