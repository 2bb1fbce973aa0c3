#pragma once
// Turns the arguments of a `docker run` command line into a SpecDraft, option by option, as the
// docker CLI reads them: `--opt value` and `--opt=value`, combined short flags (`-it`), a value
// glued to a short option (`-eNAME=v`), and the first operand as the image (everything after it
// is the server's args). Quoting was the shell's: the arguments arrive split.
//
// Options that would weaken the container's isolation are refused, options that mean nothing
// under berth are dropped with a note in the draft's header, and any other option the spec
// cannot express, or that docker does not have, is an error naming it. Pure but for reading
// `--env-file` files.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "specs/import/spec_draft.h"

namespace berth::specs::import {

struct DockerRunInput {
  // The arguments after `docker run`; a leading `docker`, `run` or `container run` is skipped.
  std::vector<std::string> args;
  std::string name;           // the server's name; empty: docker's --name, else the image's name
  std::string transport;      // stdio | streamable-http | sse; empty: stdio when -i is given
  std::filesystem::path cwd;  // relative host paths and --env-file resolve against it
  // The values `-e NAME` takes from the caller's environment, when known (a client config's
  // `env`); a name not found here becomes a secret whose file the user must create.
  std::map<std::string, std::string> env_values;
};

Result<SpecDraft> import_docker_run(const DockerRunInput& input);

}  // namespace berth::specs::import
