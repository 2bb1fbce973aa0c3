#pragma once
// The names an importer makes up: server names from images and config keys, secret file names
// from environment variable names, and the guess whether a variable holds a secret. Pure.

#include <string>
#include <string_view>

namespace berth::specs::import {

// A valid server name made from any text: lowercase, runs of other characters become one '-',
// at most 63 characters; "server" when nothing is left. `My Server_2` → `my-server-2`.
std::string server_name_from(std::string_view text);

// The server name an image suggests: its last path component without tag or digest.
// `ghcr.io/github/github-mcp-server:1.2` → `github-mcp-server`.
std::string server_name_from_image(std::string_view image);

// The secret file for an environment variable: lowercase, '_' → '-'.
// `GITHUB_PERSONAL_ACCESS_TOKEN` → `github-personal-access-token`.
std::string secret_file_name(std::string_view env_name);

// Whether a variable looks like it holds a secret: a word of its name (split at '_') is TOKEN,
// KEY, SECRET, PASSWORD, … or ends in one (APIKEY), or its value is a URL with a password in it
// (`postgres://user:pw@host/db`).
bool looks_secret(std::string_view env_name, std::string_view value = {});

// Whether text is a URL with a password in it (`postgres://user:pw@host/db`).
bool url_with_password(std::string_view text);

// The URL with its password replaced by `***`, for messages.
std::string without_password(std::string_view url);

}  // namespace berth::specs::import
