#pragma once
// SecretFiles: each container's secrets as files in a private directory, for Docker to
// bind-mount read-only, so that no secret value passes through the Docker API (where `docker
// inspect`, and the engine's state on disk, would show it).
//
// Layout, under a root on a tmpfs (berth run's --runtime-dir, default /run/berth), so secrets
// never reach a disk:
//   <root>/<instance>/                  0700 root
//   <root>/<instance>/<container>/      0700 root: one per container name (which embeds the hash)
//     env/<VARIABLE>                    env secrets, one file per variable (dir 0500, files 0400)
//     files/<secret name>               path secrets (files 0400)
// Files and the env directory belong to the container's user (secret_owner.h); an unknown
// (named) user gets 0444/0555 instead. A container's directory is wiped when the container is
// removed. Blocking file-system calls; thread-safe (each call touches one container's directory,
// and the work queue never works one server on two threads).

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "base/result.h"
#include "reconciler/secret_owner.h"
#include "specs/server_spec.h"

namespace berth::reconciler {

struct ContainerSecrets {
  std::filesystem::path env_dir;                       // empty when the spec has no env secret
  std::map<std::string, std::filesystem::path> files;  // secret name → file, for path secrets
};

class SecretFiles {
 public:
  SecretFiles(std::filesystem::path root, std::string instance);

  // (Re)writes the directory of `container` from `values` (secret name → contents). Errors name
  // the path, never a value.
  Result<ContainerSecrets> write(const std::string& container, const specs::ServerSpec& spec,
                                 const std::map<std::string, std::string>& values,
                                 const SecretOwner& owner) const;
  // Removes the directory of `container`, if any. Errors are logged.
  void wipe(const std::string& container) const;
  // Removes every container directory of this instance whose name is not in `keep` and that is
  // older than a minute (a younger one may belong to a container being created right now).
  void wipe_all_but(const std::set<std::string>& keep) const;

  std::filesystem::path dir_of(const std::string& container) const {
    return instance_dir_ / container;
  }
  // Why the root is not a good place for secrets (it is not on a tmpfs), if it is not.
  std::optional<std::string> placement_warning() const;

 private:
  std::filesystem::path root_;
  std::filesystem::path instance_dir_;
};

}  // namespace berth::reconciler
