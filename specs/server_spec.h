#pragma once
// ServerSpec: one MCP server as its spec file describes it, validated and with defaults applied.
//
// A ServerSpec is a plain immutable value once parsed; it holds no secret values, only the names
// of the secret files that supply them. Units are normalised (bytes, nano-CPUs, milliseconds) so
// two files that mean the same thing produce equal specs and the same canonical form.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "specs/spec_error.h"

namespace berth::specs {

using Millis = std::chrono::milliseconds;

enum class PullPolicy { kIfNotPresent, kAlways, kNever };
enum class TransportType { kStdio, kStreamableHttp, kSse };

std::string_view to_string(PullPolicy policy);
std::string_view to_string(TransportType type);

// A secret file from the secrets directory, exposed as an env var or as a read-only file.
// Exactly one of `env` and `path` is set.
struct SecretRef {
  std::string name;  // file name inside the secrets directory
  std::string env;
  std::string path;
  SourcePos pos;  // of the `name` value, for errors about the secret file

  friend bool operator==(const SecretRef&, const SecretRef&) = default;
};

struct VolumeMount {
  std::string source;  // absolute host path, or a named volume
  std::string target;  // absolute path in the container
  bool read_only = false;
  bool named_volume = false;

  friend bool operator==(const VolumeMount&, const VolumeMount&) = default;
};

// A tmpfs mounted in the container (HostConfig.Tmpfs). Options left unset take Docker's defaults
// (size: half the host's memory; mode 1777).
struct TmpfsMount {
  std::string target;  // absolute path in the container
  std::optional<int64_t> size_bytes;
  std::optional<int> mode;  // permission bits, e.g. 01777

  friend bool operator==(const TmpfsMount&, const TmpfsMount&) = default;
};

struct Resources {
  std::optional<int64_t> memory_bytes;
  std::optional<int64_t> nano_cpus;  // 1 CPU = 1e9, as the Engine API counts
  std::optional<int64_t> pids;

  friend bool operator==(const Resources&, const Resources&) = default;
};

struct Transport {
  TransportType type = TransportType::kStdio;
  int port = 0;      // container port; 0 for stdio
  std::string path;  // HTTP path; empty for stdio

  friend bool operator==(const Transport&, const Transport&) = default;
};

struct HealthCheck {
  Millis interval{std::chrono::seconds(30)};
  Millis timeout{std::chrono::seconds(5)};
  int failure_threshold = 3;

  friend bool operator==(const HealthCheck&, const HealthCheck&) = default;
};

struct RestartPolicy {
  Millis initial_delay{std::chrono::seconds(1)};
  Millis max_delay{std::chrono::minutes(5)};

  friend bool operator==(const RestartPolicy&, const RestartPolicy&) = default;
};

// What a client's OAuth access token must grant to reach the server (with `berth run
// --oauth-issuer`). Applied by the proxy as it is: not part of the container, so a change never
// replaces one.
struct AuthPolicy {
  std::vector<std::string> scopes;  // all required; empty: any valid token for the route

  friend bool operator==(const AuthPolicy&, const AuthPolicy&) = default;
};

struct ServerSpec {
  std::string name;
  std::map<std::string, std::string> labels;
  std::string image;
  PullPolicy pull = PullPolicy::kIfNotPresent;
  std::optional<std::vector<std::string>> command;  // replaces the image's ENTRYPOINT
  std::optional<std::vector<std::string>> args;     // replaces the image's CMD
  std::map<std::string, std::string> env;
  std::vector<SecretRef> secrets;
  std::vector<VolumeMount> volumes;
  Resources resources;
  // Least privilege: who the process runs as ("" = the image's USER), whether the root
  // filesystem is read-only, and the tmpfs mounts it writes to instead.
  std::string user;  // uid[:gid] or name[:group], as Docker's Config.User takes it
  bool read_only_root_filesystem = false;
  std::vector<TmpfsMount> tmpfs;
  Transport transport;
  std::string network = "bridge";
  HealthCheck health;
  RestartPolicy restart;
  AuthPolicy auth;

  std::string source_file;  // the file it came from, as the loader named it
  SourcePos name_pos;       // where the name was set (or 1:1 when taken from the file name)

  friend bool operator==(const ServerSpec&, const ServerSpec&) = default;
};

}  // namespace berth::specs
