#pragma once
// `GET /logs/{name}?tail=N[&follow=1]`: the logs of a server. For an HTTP or SSE server, its
// current container's stdout and stderr as the engine keeps them, streamed as they come when
// following. For a stdio server, whose container keeps no logs (its stdout is the protocol),
// the stderr lines berth keeps in memory (StderrRing), never the protocol; `follow` is not
// offered there. Read-only; the server is looked up in the status snapshot, so only berth's own
// containers are reachable.

#include "proxy/backends/attach_channels.h"
#include "proxy/backends/docker_socket_client.h"
#include "proxy/http/router.h"
#include "reconciler/handoff/server_status.h"

namespace berth::proxy::admin {

// `client` must outlive the router; handlers run on the io_context the client uses.
void add_logs_endpoint(http::Router& router, const reconciler::StatusSource& source,
                       const DockerSocketClient& client, const AttachChannels& stdio_channels);

}  // namespace berth::proxy::admin
