#pragma once
// Removes secret values from text that came from elsewhere, such as an error the Docker engine
// wrote while refusing a container (it may quote the environment it was given) before that text
// is stored in /status or written to the log.
//
// Each value is replaced wherever it occurs whole, trimmed of surrounding whitespace, or as one
// of its printable pieces of four characters or more (an engine that escapes control bytes, as
// Go's %q does, breaks a value into such pieces). Replacements read `<secret NAME>`. Pure
// function; thread-safe.

#include <map>
#include <string>

namespace berth::specs {

// `secrets`: name → value, as SecretStore::read returns them.
[[nodiscard]] std::string scrub_secrets(std::string text,
                                        const std::map<std::string, std::string>& secrets);

}  // namespace berth::specs
