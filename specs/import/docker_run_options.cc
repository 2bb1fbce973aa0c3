#include "specs/import/docker_run_options.h"

#include <algorithm>
#include <array>

namespace berth::specs::import {
namespace {

constexpr OptionKind kMapped = OptionKind::kMapped;
constexpr OptionKind kDropped = OptionKind::kDropped;
constexpr OptionKind kRefused = OptionKind::kRefused;
constexpr OptionKind kUnsupported = OptionKind::kUnsupported;
constexpr std::string_view kNoImage = "a spec cannot set it; build it into the image";

constexpr std::array kOptions = {
    DockerOption{"entrypoint", 0, true, kMapped, ""},
    DockerOption{"env", 'e', true, kMapped, ""},
    DockerOption{"env-file", 0, true, kMapped, ""},
    DockerOption{"volume", 'v', true, kMapped, ""},
    DockerOption{"mount", 0, true, kMapped, ""},
    DockerOption{"memory", 'm', true, kMapped, ""},
    DockerOption{"cpus", 0, true, kMapped, ""},
    DockerOption{"pids-limit", 0, true, kMapped, ""},
    DockerOption{"network", 0, true, kMapped, ""},
    DockerOption{"net", 0, true, kMapped, ""},
    DockerOption{"label", 'l', true, kMapped, ""},
    DockerOption{"name", 0, true, kMapped, ""},
    DockerOption{"user", 'u', true, kMapped, ""},
    DockerOption{"read-only", 0, false, kMapped, ""},
    DockerOption{"tmpfs", 0, true, kMapped, ""},
    DockerOption{"interactive", 'i', false, kMapped, ""},
    DockerOption{"publish", 'p', true, kMapped, ""},
    DockerOption{"pull", 0, true, kMapped, ""},
    DockerOption{"pid", 0, true, kMapped, ""},
    DockerOption{"ipc", 0, true, kMapped, ""},
    DockerOption{"uts", 0, true, kMapped, ""},
    DockerOption{"userns", 0, true, kMapped, ""},
    DockerOption{"cgroupns", 0, true, kMapped, ""},
    DockerOption{"rm", 0, false, kDropped, "berth removes and replaces its containers itself"},
    DockerOption{"tty", 't', false, kDropped, "a TTY would mangle the stdio protocol stream"},
    DockerOption{"detach", 'd', false, kDropped, "berth runs every server in the background"},
    DockerOption{"init", 0, false, kDropped, "berth always runs an init process"},
    DockerOption{"restart", 0, true, kDropped,
                 "berth restarts servers itself, with backoff (spec.restart)"},
    DockerOption{"cap-drop", 0, true, kDropped, "berth drops every capability already"},
    DockerOption{"sig-proxy", 0, false, kDropped, "berth stops its containers itself"},
    DockerOption{"no-healthcheck", 0, false, kDropped,
                 "berth checks health with an MCP handshake (spec.health)"},
    DockerOption{"privileged", 0, false, kRefused,
                 "it gives the container every capability and the host's devices"},
    DockerOption{"cap-add", 0, true, kRefused,
                 "it gives the container kernel capabilities (berth drops them all)"},
    DockerOption{"device", 0, true, kRefused, "it gives the container a host device"},
    DockerOption{"device-cgroup-rule", 0, true, kRefused, "it lets the container use host devices"},
    DockerOption{"gpus", 0, true, kRefused, "it gives the container host devices (GPUs)"},
    DockerOption{"security-opt", 0, true, kRefused,
                 "it changes the container's seccomp, AppArmor or SELinux confinement"},
    DockerOption{"volumes-from", 0, true, kRefused, "it shares another container's mounts"},
    DockerOption{"workdir", 'w', true, kUnsupported, kNoImage},
    DockerOption{"hostname", 'h', true, kUnsupported, "a spec cannot set it"},
    DockerOption{"add-host", 0, true, kUnsupported, "a spec cannot set it"},
    DockerOption{"dns", 0, true, kUnsupported, "a spec cannot set it"},
    DockerOption{"platform", 0, true, kUnsupported, "pull the image for this machine instead"},
    DockerOption{"ulimit", 0, true, kUnsupported, "a spec cannot set it"},
    DockerOption{"shm-size", 0, true, kUnsupported, "a spec cannot set it"},
    DockerOption{"memory-swap", 0, true, kUnsupported, "a spec sets only memory"},
    DockerOption{"memory-reservation", 0, true, kUnsupported, "a spec sets only memory"},
    DockerOption{"cpu-shares", 'c', true, kUnsupported, "a spec sets only cpus"},
    DockerOption{"cpuset-cpus", 0, true, kUnsupported, "a spec sets only cpus"},
    DockerOption{"expose", 0, true, kUnsupported, "berth publishes the transport's port itself"},
    DockerOption{"publish-all", 'P', false, kUnsupported,
                 "berth publishes the transport's port itself (use -p with --transport)"},
    DockerOption{"label-file", 0, true, kUnsupported, "give each label with -l"},
    DockerOption{"log-driver", 0, true, kUnsupported, "berth keeps its servers' logs itself"},
    DockerOption{"log-opt", 0, true, kUnsupported, "berth keeps its servers' logs itself"},
    DockerOption{"attach", 'a', true, kUnsupported, "berth attaches to stdio servers itself"},
    DockerOption{"link", 0, true, kUnsupported, "use a network of your own (--network)"},
    DockerOption{"group-add", 0, true, kUnsupported, "a spec cannot set it"},
    DockerOption{"sysctl", 0, true, kUnsupported, "a spec cannot set it"},
    DockerOption{"runtime", 0, true, kUnsupported, "a spec cannot set it"},
    DockerOption{"stop-signal", 0, true, kUnsupported, kNoImage},
    DockerOption{"stop-timeout", 0, true, kUnsupported, "berth stops its containers itself"},
    DockerOption{"health-cmd", 0, true, kUnsupported,
                 "berth checks health with an MCP handshake (spec.health)"},
};

}  // namespace

const DockerOption* find_long_option(std::string_view name) {
  auto it = std::find_if(kOptions.begin(), kOptions.end(),
                         [&](const DockerOption& option) { return option.name == name; });
  return it == kOptions.end() ? nullptr : &*it;
}

const DockerOption* find_short_option(char name) {
  auto it = std::find_if(kOptions.begin(), kOptions.end(),
                         [&](const DockerOption& option) { return option.short_name == name; });
  return it == kOptions.end() ? nullptr : &*it;
}

}  // namespace berth::specs::import
