#pragma once
// SessionSink: where the session multiplexer delivers messages for client sessions.
//
// The Streamable HTTP front implements it: a message related to a request goes on that request's
// SSE stream (or is its JSON answer); an unrelated one goes on the session's standalone GET
// stream. Tests use a fake that records. Called on the multiplexer's thread only; an
// implementation need not be thread-safe and must not call back into the multiplexer.

#include <optional>
#include <string>

namespace berth::proxy::sessions {

enum class MessageKind { kResponse, kNotification, kRequest };

class SessionSink {
 public:
  virtual ~SessionSink() = default;
  // `message`: one compact JSON-RPC message. `related_request`: the original id (raw JSON, as the
  // client sent it) of the client request this message belongs to; none for the standalone
  // stream. A kResponse is the final message of its request's stream.
  virtual void deliver(const std::string& session_id, std::string message,
                       std::optional<std::string> related_request, MessageKind kind) = 0;
};

}  // namespace berth::proxy::sessions
