#pragma once
// `berth run [--specs DIR] [--watch] [--listen 127.0.0.1:8080] [--secrets DIR] [--docker URL]
// [--instance NAME]`: keeps Docker equal to the spec directory for as long as it runs, and
// serves the read-only status endpoints. Specs are read at start and on SIGHUP, or on every
// change with --watch. SIGTERM or SIGINT stops berth within about two seconds and leaves the
// containers running for the next start.

#include <string>
#include <vector>

namespace berth::cli {

int run_command(const std::vector<std::string>& args);

}  // namespace berth::cli
