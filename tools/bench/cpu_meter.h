// CPU time of the parties to a benchmark phase, read from the kernel: a process by pid
// (/proc/<pid>/stat, user + system, its threads included), every process of one name (the
// engine's daemons: dockerd, docker-proxy, containerd-shim), this process (getrusage), and a
// container (its cgroup's cpuacct / cpu.stat, cgroup v1 or v2), so a phase can say who spent the
// machine's cores. Pure functions over procfs and cgroupfs; thread-safe.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace berth::bench {

// Seconds of CPU `pid` has used; nullopt if it is gone.
std::optional<double> process_cpu_seconds(pid_t pid);
// Seconds of CPU used by every live process whose /proc/<pid>/comm is `comm` (15 characters at
// most, as the kernel keeps it).
double processes_cpu_seconds(const std::string& comm);
// Seconds of CPU this process has used (every thread).
double self_cpu_seconds();
// Seconds of CPU the container with this full id has used; nullopt if its cgroup is not found.
std::optional<double> container_cpu_seconds(const std::string& id);

}  // namespace berth::bench
