#pragma once
// The client config that points at berth once an import is done: the same shape as the config
// that was read (`mcpServers` or VS Code's `servers`), one Streamable HTTP entry per imported
// server at `{base_url}/mcp/{name}`. Pure.

#include <string>
#include <utility>
#include <vector>

#include "specs/import/client_config.h"

namespace berth::specs::import {

// `servers`: the entry's key in the client config and the berth server it now names.
std::string client_snippet(ClientFormat format,
                           const std::vector<std::pair<std::string, std::string>>& servers,
                           const std::string& base_url);

}  // namespace berth::specs::import
