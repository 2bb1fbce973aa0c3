#pragma once
// Test support for SessionMultiplexer: fakes that record what goes to the backend and to each
// session, and a harness wiring them to a multiplexer attached to a fake server.

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/sessions/session_multiplexer.h"

namespace berth::proxy::sessions {

// The fake server's initialize result: protocol 2025-06-18, tools/prompts/resources/logging.
extern const std::string_view kInitResult;

rapidjson::Document parse(std::string_view json);
// The value at JSON pointer `pointer` ("/params/level") of `json`, as compact JSON; "<missing>"
// if there is none.
std::string at(std::string_view json, const char* pointer);

class FakeBackend : public BackendLink {
 public:
  void send(std::string line) override { sent.push_back(std::move(line)); }
  void send_draining(std::string line) override { sent_draining.push_back(std::move(line)); }
  // The messages sent to the current backend since the last take(), and forgets them.
  std::vector<std::string> take();
  // The same for the draining backend.
  std::vector<std::string> take_draining();

  std::vector<std::string> sent;
  std::vector<std::string> sent_draining;
};

struct Delivery {
  std::string session;
  std::string message;
  std::optional<std::string> related;
  MessageKind kind;
};

class FakeSink : public SessionSink {
 public:
  void deliver(const std::string& session_id, std::string message,
               std::optional<std::string> related_request, MessageKind kind) override {
    delivered.push_back({session_id, std::move(message), std::move(related_request), kind});
  }
  std::vector<Delivery> take();
  // The deliveries to `session` since the last take(), without forgetting them.
  std::vector<Delivery> to(const std::string& session) const;

  std::vector<Delivery> delivered;
};

// A multiplexer attached to a server with kInitResult, with sessions added on request.
struct Harness {
  explicit Harness(bool attach = true);

  Outcome client(const std::string& session, std::string_view json) {
    return mux.from_client(session, json);
  }
  Outcome server(std::string_view json) { return mux.from_backend(json); }
  Outcome old_server(std::string_view json) { return mux.from_draining(json); }
  // Adds `session` and sends it through initialize (declaring `capabilities`), clearing the fakes.
  void open(const std::string& session, std::string_view capabilities = "{}");

  FakeBackend backend;
  FakeSink sink;
  SessionMultiplexer mux{backend, sink};
};

}  // namespace berth::proxy::sessions
