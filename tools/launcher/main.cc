// berth-launcher: PID 1 of every container berth runs. berth bind-mounts this static binary
// read-only into the container (with the env secrets as files beside it) and makes it the
// entrypoint, so secret values never pass through the Docker API, where `docker inspect` and the
// engine's state on disk would show them.
//
//   berth-launcher [--env-dir DIR] -- PROGRAM [ARGS...]
//
// Sets one variable per file of DIR (the file's name, its contents), then runs PROGRAM as the
// server, supervising it as Docker's --init would (see supervisor.h). Exit status: the server's;
// 125 for a usage error or an unreadable env secret; 126 or 127 when PROGRAM cannot be run.

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tools/launcher/env_files.h"
#include "tools/launcher/supervisor.h"

namespace {

constexpr int kUsageError = 125;

int usage() {
  fputs("usage: berth-launcher [--env-dir DIR] -- PROGRAM [ARGS...]\n", stderr);
  return kUsageError;
}

}  // namespace

int main(int argc, char** argv) {
  const char* env_dir = nullptr;
  int at = 1;
  if (at + 1 < argc && strcmp(argv[at], "--env-dir") == 0) {
    env_dir = argv[at + 1];
    at += 2;
  }
  if (at >= argc || strcmp(argv[at], "--") != 0 || at + 1 >= argc) return usage();
  char** envp = environ;
  if (env_dir != nullptr) {
    envp = berth::launcher::environment_with_files(environ, env_dir);
    if (envp == nullptr) return kUsageError;
  }
  berth::launcher::run(argv + at + 1, envp);
}
