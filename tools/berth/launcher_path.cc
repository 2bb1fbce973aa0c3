#include "tools/berth/launcher_path.h"

#include <unistd.h>

namespace berth::cli {
namespace {

namespace fs = std::filesystem;

bool is_executable_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

}  // namespace

Result<fs::path> find_launcher(const std::optional<std::string>& flag) {
  if (flag) {
    std::error_code ec;
    fs::path path = fs::absolute(*flag, ec);
    if (ec || !is_executable_file(path)) {
      return Error{"--launcher " + *flag + " is not an executable file"};
    }
    return path.lexically_normal();
  }
  std::error_code ec;
  fs::path beside = fs::read_symlink("/proc/self/exe", ec).parent_path() / "berth-launcher";
  if (!ec && is_executable_file(beside)) return beside;
  fs::path built = BERTH_LAUNCHER_BUILD_PATH;
  if (is_executable_file(built)) return built;
  return Error{"berth-launcher is neither beside berth nor at " + built.string() +
               "; build it (target berth-launcher) or name it with --launcher FILE"};
}

}  // namespace berth::cli
