#pragma once
// `berth run [--specs DIR] [--secrets DIR]`: keeps Docker equal to the spec directory.
//
// Until the reconciler lands, it validates the specs, reports what it would serve, and says
// plainly that it starts nothing. Exit status as for validate.

#include <string>
#include <vector>

namespace berth::cli {

int run_command(const std::vector<std::string>& args);

}  // namespace berth::cli
