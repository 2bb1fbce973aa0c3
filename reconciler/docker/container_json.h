#pragma once
// Translation between berth's container types (reconciler/docker_api.h) and the Docker Engine
// API's JSON: the body of POST /containers/create, and the answers of GET /containers/{id}/json
// and GET /containers/json.
//
// Pure functions; safe from any thread. The create body holds env values (secrets): callers must
// never log it or put it in an error.

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "reconciler/docker_api.h"

namespace berth::reconciler::docker {

// The create body, with berth's secure defaults always applied: CapDrop ALL, no-new-privileges,
// Init (unless config.init is false), RestartPolicy "no" (berth restarts containers itself), ports
// published on 127.0.0.1 only.
std::string container_create_body(const ContainerConfig& config);

// GET /containers/{id}/json. `container_port` > 0 fills host_port from the 127.0.0.1 binding of
// "<container_port>/tcp" (0 when the engine does not report one yet). `image` is Config.Image,
// the reference the container was created from, not the image id.
Result<ContainerInfo> parse_container_info(std::string_view json, int container_port);

// GET /images/{name}/json: Config.Entrypoint, Cmd and User (a null list reads as empty).
Result<ImageConfig> parse_image_config(std::string_view json);

// GET /containers/json.
Result<std::vector<ContainerSummary>> parse_container_list(std::string_view json);

}  // namespace berth::reconciler::docker
