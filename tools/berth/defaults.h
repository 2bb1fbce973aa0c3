#pragma once
// Where berth looks when no option says otherwise. The spec directory is named so that it cannot
// be mistaken for a folder of berth's own source tree (`specs/` holds C++): run from a clone of
// the repository, the default names nothing rather than the wrong thing.

namespace berth::cli {

inline constexpr char kDefaultSpecDir[] = "mcp-specs";
inline constexpr char kDefaultSecretsDir[] = "secrets";
// Each container's secret files (reconciler/secret_files.h): a tmpfs on every systemd host.
inline constexpr char kDefaultRuntimeDir[] = "/run/berth";

}  // namespace berth::cli
