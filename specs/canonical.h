#pragma once
// The canonical form of a ServerSpec and its content hash: what the container must be.
//
// The canonical form is compact JSON with sorted keys, units normalised and defaults written
// out, covering everything that shapes the container: name, labels, image, command, args, env,
// secret references, volumes, limits, user, read-only root, tmpfs mounts, transport and network.
// It leaves out what does not (pull policy, health and restart settings, the source file), so
// changing those never replaces a running container. Secret references, volumes and tmpfs mounts
// are sorted: their order in the file does not change the container.
//
// The hash adds secret *contents*, each folded in as HMAC-SHA256 under a private key, so the
// hash (which is visible in container labels and status) changes when a secret file changes
// yet reveals nothing about it and cannot be used to test guesses without the key.
// Pure functions; SpecHasher is immutable and thread-safe.

#include <map>
#include <string>

#include "specs/server_spec.h"

namespace berth::specs {

std::string canonical_json(const ServerSpec& spec);

class SpecHasher {
 public:
  // `key`: the private HMAC key for secret contents (see hash_key.h); any length.
  explicit SpecHasher(std::string key) : key_(std::move(key)) {}

  // Lowercase hex SHA-256 over the canonical form and the keyed digests of `secret_values`
  // (secret name → file contents; secrets of the spec missing from it are hashed as absent).
  std::string hash(const ServerSpec& spec,
                   const std::map<std::string, std::string>& secret_values) const;

 private:
  std::string key_;
};

}  // namespace berth::specs
