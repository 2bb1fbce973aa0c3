#pragma once
// `berth status [--url URL] [--json]`: the status of a running berth (GET URL/status, default
// http://127.0.0.1:8080) as a terminal table, or the raw JSON. Exit status 0 when every server is
// ready and no spec has errors, 1 otherwise (or when berth does not answer).

#include <string>
#include <vector>

namespace berth::cli {

int status_command(const std::vector<std::string>& args);

}  // namespace berth::cli
