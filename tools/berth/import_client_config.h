#pragma once
// `berth import client-config FILE [--out DIR] [--secrets DIR] [--listen HOST:PORT]`: writes one
// spec file per server the config runs into DIR (never overwriting one), secret values into the
// secrets directory, and prints the client config that points at berth.

#include <string>
#include <vector>

namespace berth::cli {

int import_client_config_command(const std::vector<std::string>& args);

}  // namespace berth::cli
