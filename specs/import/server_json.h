#pragma once
// Turns an entry of the official MCP registry (server.json, schema 2025-12-11, bare or as the
// registry API's `{"server": …}`) into a SpecDraft.
//
// The package berth runs is the first OCI image; failing that, the first npm package (npx) or
// PyPI package (uvx) on their runtime images (package_runners.h). An OCI package's
// runtimeArguments are `docker run` options, imported exactly as docker_run.h does (a leading
// `run` and the image itself, which some entries list, are skipped); packageArguments become
// args; environmentVariables become env or, when secret, secret references. A Streamable HTTP or
// SSE package's port and path come from its transport URL. Values come from `--var KEY=VALUE`,
// the entry's values or defaults (registry_inputs.h); a required value with none of these is an
// error naming every one. Pure.

#include <rapidjson/document.h>

#include <filesystem>
#include <string>

#include "base/result.h"
#include "specs/import/registry_inputs.h"
#include "specs/import/spec_draft.h"

namespace berth::specs::import {

struct ServerJsonInput {
  std::string file;  // names the entry in notes and errors
  std::string name;  // the server's name; empty: from the registry name
  Vars vars;         // --var KEY=VALUE
  std::filesystem::path cwd;
};

Result<SpecDraft> import_server_json(const rapidjson::Value& root, const ServerJsonInput& input);

}  // namespace berth::specs::import
