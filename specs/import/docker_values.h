#pragma once
// The values of `docker run` options, read as the docker CLI reads them and translated into spec
// text: sizes (`512m` → `512Mi`), `-v` and `--mount` volumes, `--tmpfs` mounts and the container
// port of `-p`. Pure; errors name the option and say what was expected.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "specs/import/spec_draft.h"

namespace berth::specs::import {

// Docker's size syntax (`512m`, `1.5g`, `1048576`, units b k m g t, powers of 1024, any case) as
// spec size text in the largest binary unit that divides it.
Result<std::string> docker_size(std::string_view text);

// A mount read from -v or --mount: a volume, or a tmpfs.
struct DockerMount {
  bool tmpfs = false;
  VolumeDraft volume;
  TmpfsDraft tmpfs_mount;
  std::vector<std::string> dropped;  // options with no meaning in a spec (`z`, `consistency`)
};

// `-v SRC:DST[:OPTS]`. Relative host paths resolve against `cwd` (as the docker CLI does).
Result<DockerMount> volume_option(std::string_view text, const std::filesystem::path& cwd);
// `--mount type=bind|volume|tmpfs,source=…,target=…[,readonly]…`
Result<DockerMount> mount_option(std::string_view text, const std::filesystem::path& cwd);
// `--tmpfs PATH[:OPTS]`
Result<DockerMount> tmpfs_option(std::string_view text);

// The container port of `-p [IP:][HOST:]CONTAINER[/tcp]`.
Result<int> published_container_port(std::string_view text);

}  // namespace berth::specs::import
