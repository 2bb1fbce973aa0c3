#pragma once
// Reads the options of a `docker run` command line the way the docker CLI (pflag) does, up to the
// image: `--opt value`, `--opt=value`, boolean `--opt` or `--opt=false`, combined short flags
// (`-it`), a value glued to a short option (`-eNAME=v`, `-p8080:80`), and `--` ending the
// options. What each option means is docker_run.h's business. Pure.

#include <string>
#include <vector>

#include "base/result.h"
#include "specs/import/docker_run_options.h"

namespace berth::specs::import {

struct GivenOption {
  const DockerOption* option;
  std::string spelled;  // as the user wrote it: `-e`, `--env`
  std::string value;
  bool has_value = false;  // a boolean given `=false` has a value; a bare flag has none
};

struct DockerArgv {
  std::vector<GivenOption> options;
  size_t image = 0;  // index of the image in the arguments (== size when there is none)
};

// Unknown options and options missing their value are errors naming them.
Result<DockerArgv> read_docker_argv(const std::vector<std::string>& args);

}  // namespace berth::specs::import
