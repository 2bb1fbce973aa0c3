#pragma once
// Client config entries that start a server with `npx PKG` or `uvx PKG` become specs on a public
// runtime image that has the runner, so the same package runs the same way in a container:
//   npx → node:22-slim: the official Node.js image, Debian slim, npm and npx included; 22 is the
//         current long-term-support line.
//   uvx → ghcr.io/astral-sh/uv:python3.12-bookworm-slim: uv's own image, with uvx and Python.
// The package is fetched when the container starts, so these specs need the network then (the
// default bridge network; never `none`). Absolute host paths among the arguments are mounted at
// the same path, so the server sees what it was given. Pure.

#include <string>
#include <vector>

#include "base/result.h"
#include "specs/import/spec_draft.h"

namespace berth::specs::import {

inline constexpr char kNodeImage[] = "node:22-slim";
inline constexpr char kUvImage[] = "ghcr.io/astral-sh/uv:python3.12-bookworm-slim";

// Whether `command` is a runner this knows: npx or uvx (also `npx.cmd`, or given as a path).
bool is_package_runner(const std::string& command);

// `runner` is npx or uvx; `args` are its arguments as the config gives them.
Result<SpecDraft> import_package_runner(const std::string& runner,
                                        const std::vector<std::string>& args);

}  // namespace berth::specs::import
