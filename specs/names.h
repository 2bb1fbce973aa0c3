#pragma once
// Validity rules for the names a spec contains: server names, environment variable names,
// secret file names, Docker image references, volume and network names. Pure functions.

#include <string_view>

namespace berth::specs {

// A DNS label: [a-z0-9-], 1 to 63 characters, no leading or trailing '-'.
bool is_server_name(std::string_view name);
// [A-Za-z_][A-Za-z0-9_]*
bool is_env_name(std::string_view name);
// A plain file name inside the secrets directory: [A-Za-z0-9][A-Za-z0-9._-]*, at most 255 bytes.
bool is_secret_name(std::string_view name);
// Docker's name rule for volumes and networks: [A-Za-z0-9][A-Za-z0-9_.-]*
bool is_docker_object_name(std::string_view name);
// [registry[:port]/]path[:tag][@digest], with Docker's lowercase path components.
bool is_image_reference(std::string_view ref);
// A container user as Docker's Config.User takes it: `uid`, `uid:gid`, `name`, `name:group` (or
// a mix). Names: [A-Za-z_][A-Za-z0-9_.-]*, at most 32 bytes; ids: 0 to 2147483647.
bool is_container_user(std::string_view user);

}  // namespace berth::specs
