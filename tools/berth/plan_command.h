#pragma once
// `berth plan [--specs DIR] [--secrets DIR] [--docker URL] [--instance NAME]`: what `berth run`
// would do now — create, replace (naming the fields that differ), remove, keep — changing
// nothing. Exit status 0, or 1 when the specs have errors or Docker cannot be asked.

#include <string>
#include <vector>

namespace berth::cli {

int plan_command(const std::vector<std::string>& args);

}  // namespace berth::cli
