#include "specs/import/package_runners.h"

#include <algorithm>
#include <filesystem>

#include "specs/import/docker_values.h"

namespace berth::specs::import {
namespace {

std::string runner_name(const std::string& command) {
  std::string name = std::filesystem::path(command).filename().string();
  for (const char* suffix : {".cmd", ".exe"}) {
    std::string_view end(suffix);
    if (name.size() > end.size() && name.substr(name.size() - end.size()) == end) {
      name.resize(name.size() - end.size());
    }
  }
  return name;
}

// The first argument that is not an option: the package, for the notes.
std::string package_of(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--from" || arg == "--with" || arg == "-p" || arg == "--package" ||
        arg == "--python") {
      ++i;
    } else if (arg.empty() || arg[0] != '-') {
      return arg;
    }
  }
  return "the package";
}

// npx asks "Ok to proceed?" on stdin before installing, and stdin is the MCP stream: -y always.
std::vector<std::string> npx_args(const std::vector<std::string>& args) {
  std::vector<std::string> out = {"-y"};
  for (const std::string& arg : args) {
    if (arg != "-y" && arg != "--yes") out.push_back(arg);
  }
  return out;
}

Status mount_host_paths(const std::vector<std::string>& args, SpecDraft& draft) {
  for (const std::string& arg : args) {
    if (arg.size() < 2 || arg[0] != '/') continue;
    bool taken = std::any_of(draft.volumes.begin(), draft.volumes.end(),
                             [&](const VolumeDraft& volume) { return volume.target == arg; });
    if (taken) continue;
    auto mount = volume_option(arg + ":" + arg, "/");
    if (!mount) return Error{"argument " + arg + ": " + mount.error()};
    VolumeDraft volume = mount->volume;
    volume.note = "the server was given the host path " + arg +
                  "; it is mounted at the same path so the argument still holds";
    draft.volumes.push_back(volume);
  }
  return ok_status();
}

}  // namespace

bool is_package_runner(const std::string& command) {
  std::string name = runner_name(command);
  return name == "npx" || name == "uvx";
}

Result<SpecDraft> import_package_runner(const std::string& runner,
                                        const std::vector<std::string>& args) {
  bool npx = runner_name(runner) == "npx";
  SpecDraft draft;
  std::string package = package_of(args);
  draft.image = npx ? kNodeImage : kUvImage;
  draft.image_note =
      npx ? "npx " + package + " runs on node:22-slim: the official Node.js image (npm and npx " +
                "included), 22 being the long-term-support line"
          : "uvx " + package + " runs on uv's own image, which has uvx and Python 3.12";
  draft.command = std::vector<std::string>{npx ? "npx" : "uvx"};
  draft.args = npx ? npx_args(args) : args;
  if (npx) draft.args_note = "-y: npx must not ask to install on stdin, the MCP stream";
  draft.network = "bridge";
  draft.network_note = "needs the network at start: " + std::string(npx ? "npx" : "uvx") +
                       " fetches " + package + " from " + (npx ? "npm" : "PyPI") +
                       " whenever the container is created; pin a version, or build an image, " +
                       "to start offline";
  draft.transport_note = "a command in a client config speaks MCP on stdin and stdout";
  if (Status mounted = mount_host_paths(args, draft); !mounted) return mounted.error_value();
  return draft;
}

}  // namespace berth::specs::import
