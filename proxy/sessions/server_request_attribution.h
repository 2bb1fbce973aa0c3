#pragma once
// Attribution of server-to-client requests: which client request, if any, caused a request the
// server sent (sampling/createMessage, elicitation/create, …). A stdio server (or berth's one
// session with an sse or Streamable HTTP server) sees one client, berth, so nothing on the wire
// says which of berth's clients a request is for; berth names one only when it can be sure, and
// otherwise no client gets the request:
//
//   1. The server request carries params._meta.progressToken: it must be the progress token
//      (a backend id berth issued) of a client request still in flight on the same backend;
//      that request caused it. A token naming nothing in flight names no one: the request it
//      named may have finished, and the one in flight now may be another client's.
//   2. No token: when exactly one client request is in flight on that backend, that one caused
//      it (whatever its session; berth's own requests do not count).
//   3. Otherwise nobody can be named: none in flight (the server asks on its own, e.g. at
//      start), or several. Never "the most recent": under load that is a random client.
//
// The caller (SessionMultiplexer) answers an unattributed request with a JSON-RPC error, and so a
// request attributed to a session that did not declare the capability it needs. roots/list is
// never attributed: berth answers it itself (see SessionMultiplexer). Pure function; thread-safe
// as far as its arguments are.

#include <rapidjson/document.h>

#include <string>

#include "base/result.h"
#include "proxy/sessions/backend_link.h"
#include "proxy/sessions/id_map.h"

namespace berth::proxy::sessions {

// The backend id of the client request on `upstream` that caused a server request whose
// params._meta.progressToken is `progress_token` (null when it has none); else why none can be
// named, in words for the server's error message.
[[nodiscard]] Result<std::string> attribute_server_request(const RequestIdMap& requests,
                                                           Upstream upstream,
                                                           const rapidjson::Value* progress_token);

}  // namespace berth::proxy::sessions
