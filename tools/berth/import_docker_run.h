#pragma once
// `berth import docker-run [--name NAME] [--transport T] [--secrets DIR] -- ARGS`: prints the
// spec of one docker run command line on stdout, and on stderr what the user still has to do.

#include <string>
#include <vector>

namespace berth::cli {

int import_docker_run_command(const std::vector<std::string>& args);

}  // namespace berth::cli
