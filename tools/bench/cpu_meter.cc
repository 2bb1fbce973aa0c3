#include "tools/bench/cpu_meter.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace berth::bench {
namespace {

double seconds_of(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

// The number on the line `key N` of a cgroup v2 cpu.stat, or nullopt.
std::optional<double> cpu_stat_usec(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  for (std::string name, value; in >> name >> value;) {
    if (name == key) return std::stod(value);
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> process_cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  long ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stol(field);  // utime, stime
  }
  return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double processes_cpu_seconds(const std::string& comm) {
  double total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "comm");
    std::string name;
    if (!std::getline(in, name) || name != comm) continue;
    total += process_cpu_seconds(static_cast<pid_t>(std::stol(pid))).value_or(0);
  }
  return total;
}

double self_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
}

std::optional<double> container_cpu_seconds(const std::string& id) {
  // cgroup v1 with the cgroupfs driver, then v2 with the systemd and the cgroupfs drivers.
  for (const char* v1 : {"/sys/fs/cgroup/cpuacct/docker/", "/sys/fs/cgroup/cpu,cpuacct/docker/"}) {
    std::ifstream in(std::string(v1) + id + "/cpuacct.usage");
    if (double ns = 0; in >> ns) return ns / 1e9;
  }
  for (const std::string& v2 : {"/sys/fs/cgroup/system.slice/docker-" + id + ".scope/cpu.stat",
                                "/sys/fs/cgroup/docker/" + id + "/cpu.stat"}) {
    if (std::optional<double> usec = cpu_stat_usec(v2, "usage_usec")) return *usec / 1e6;
  }
  return std::nullopt;
}

}  // namespace berth::bench
