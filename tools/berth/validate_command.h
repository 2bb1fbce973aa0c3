#pragma once
// `berth validate [--secrets DIR] [--json] [PATH...]`: checks spec files and directories
// (default ./specs), printing every error, one per line (or as JSON). Exit status 0 when all
// are valid, 1 when any error was found, 2 on a usage error.

#include <string>
#include <vector>

namespace berth::cli {

int validate_command(const std::vector<std::string>& args);

}  // namespace berth::cli
