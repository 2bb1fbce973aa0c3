#pragma once
// `GET /logs/{name}?tail=N[&follow=1]`: the logs of a server's current container, stdout and
// stderr as the engine keeps them, streamed as they come when following. Read-only; the
// container is looked up in the status snapshot, so only berth's own containers are reachable.

#include "proxy/backends/docker_socket_client.h"
#include "proxy/http/router.h"
#include "reconciler/handoff/server_status.h"

namespace berth::proxy::admin {

// `client` must outlive the router; handlers run on the io_context the client uses.
void add_logs_endpoint(http::Router& router, const reconciler::StatusSource& source,
                       const DockerSocketClient& client);

}  // namespace berth::proxy::admin
