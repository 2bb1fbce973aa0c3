// libFuzzer target: any bytes as a client's request to /mcp/{name}, through what the front does
// with it before a backend sees it: the request checks (mcp_request_checks.h), the bounded JSON
// parse and the JSON-RPC codec (bounded_json.h, json_rpc.h), and a SessionMultiplexer's client
// entry, with a fake server that answers every request it is sent. The same body is also fed to
// the multiplexer as if a server had sent it.
//
// Input: four lines — method (POST, GET, DELETE; anything else is POST), Content-Type, Accept,
// MCP-Protocol-Version — then the body. Nothing may crash, leak or hang, and:
// - every refusal is a 4xx whose body is a JSON-RPC error;
// - an accepted POST holds 1..kMaxBatchItems valid JSON-RPC messages;
// - parse_json agrees with check_json, and, within the depth limit, with RapidJSON's own
//   (recursive) parser on what is JSON and what it means;
// - whatever the multiplexer sends to the server or delivers to a session is one JSON-RPC
//   message within the limits.

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "proxy/front/mcp_request_checks.h"
#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/json_rpc.h"
#include "proxy/sessions/session_multiplexer.h"

namespace {

using namespace berth::proxy;

constexpr std::string_view kInitResult =
    R"({"protocolVersion":"2025-06-18","capabilities":{"tools":{"listChanged":true},)"
    R"("resources":{"subscribe":true},"logging":{}},"serverInfo":{"name":"fuzz","version":"1"}})";

void check(bool condition) {
  if (!condition) std::abort();
}

// One JSON-RPC message berth wrote: valid, within the limits, not invalid — but for an error
// answering what had no id (JSON-RPC's `"id":null`, e.g. for text that is not JSON).
void check_message(std::string_view json) {
  auto parsed = mcp::parse_json(json);
  check(parsed.ok());
  if (mcp::classify(*parsed).type != mcp::MessageType::kInvalid) return;
  const rapidjson::Value* id = mcp::member(*parsed, "id");
  check(id != nullptr && id->IsNull() && mcp::member(*parsed, "error") != nullptr);
}

// Records what goes to the server; answers each request with an empty result when asked.
class FakeServer : public sessions::BackendLink {
 public:
  void send(std::string line) override { sent.push_back(std::move(line)); }
  void send_draining(std::string line) override { sent.push_back(std::move(line)); }
  std::vector<std::string> sent;
};

class FakeSessions : public sessions::SessionSink {
 public:
  void deliver(const std::string&, std::string message, std::optional<std::string>,
               sessions::MessageKind) override {
    check_message(message);
  }
};

// The next line of `input` (without '\n'), consumed.
std::string_view next_line(std::string_view& input) {
  const size_t end = input.find('\n');
  std::string_view line = input.substr(0, end);
  input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
  return line;
}

// Whether `value` could be a header's value: Beast's parser refuses CR and NUL in one, so such a
// request never reaches the front.
bool header_value(std::string_view value) {
  return !value.empty() && value.find_first_of(std::string_view("\r\0", 2)) == value.npos;
}

http::Request make_request(std::string_view& input) {
  const std::string_view method = next_line(input);
  http::Verb verb = method == "GET"      ? http::Verb::get
                    : method == "DELETE" ? http::Verb::delete_
                                         : http::Verb::post;
  http::Request request{verb, "/mcp/fuzz", 11};
  const std::string_view content_type = next_line(input);
  const std::string_view accept = next_line(input);
  const std::string_view version = next_line(input);
  if (header_value(content_type)) {
    request.set(http::beast_http::field::content_type, http::to_beast(content_type));
  }
  if (header_value(accept)) request.set(http::beast_http::field::accept, http::to_beast(accept));
  if (header_value(version)) request.set("MCP-Protocol-Version", http::to_beast(version));
  request.body() = std::string(input);
  return request;
}

void check_refusal(const http::Response& response) {
  check(response.result_int() >= 400 && response.result_int() < 500);
  auto body = mcp::parse_json(response.body());
  check(body.ok() && body->IsObject() && body->HasMember("error"));
}

// parse_json and check_json agree; within the limits RapidJSON's recursive parser agrees too.
void check_parsers(std::string_view body) {
  auto parsed = mcp::parse_json(body);
  const berth::Status checked = mcp::check_json(body);
  check(parsed.ok() == checked.ok());
  if (!parsed) {
    check(parsed.error_code() == checked.error_code());
    if (parsed.error_code() == mcp::kInvalidRequest) return;  // too deep to parse twice
  }
  rapidjson::Document recursive;
  recursive.Parse(body.empty() ? "" : body.data(), body.size());
  check(recursive.HasParseError() == !parsed.ok());
  if (parsed) check(mcp::to_json(recursive) == mcp::to_json(*parsed));
}

// The accepted messages through a multiplexer session, then the body as the server's message.
void multiplex(front::McpPost& post, std::string_view body) {
  FakeServer server;
  FakeSessions sessions_sink;
  sessions::SessionMultiplexer mux(server, sessions_sink);
  auto init = mcp::parse_json(kInitResult);
  check(mux.backend_attached(*init).ok());
  check(mux.add_session("A") && mux.add_session("B"));
  for (rapidjson::Document& message : post.messages) (void)mux.from_client("A", std::move(message));
  (void)mux.from_client("B", body);
  (void)mux.from_backend(body);
  std::vector<std::string> sent = std::move(server.sent);
  for (const std::string& line : sent) {
    check_message(line);
    auto message = mcp::parse_json(line);
    const mcp::MessageShape shape = mcp::classify(*message);
    if (shape.type != mcp::MessageType::kRequest) continue;
    (void)mux.from_backend(mcp::result_response(shape.id, "{}"));
  }
  mux.remove_session("A");
  (void)mux.backend_closed("fuzz");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const http::Request request = make_request(input);
  check_parsers(request.body());
  if (request.method() != http::Verb::post) {
    if (auto refused = front::check_mcp_get(request)) check_refusal(*refused);
    if (auto refused = front::check_protocol_version(request)) check_refusal(*refused);
    return 0;
  }
  if (auto refused = front::check_json_limits(request)) check_refusal(*refused);
  if (auto legacy = front::read_legacy_post(request);
      std::holds_alternative<http::Response>(legacy)) {
    check_refusal(std::get<http::Response>(legacy));
  }
  auto checked = front::read_mcp_post(request);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    check_refusal(*refused);
    return 0;
  }
  front::McpPost& post = std::get<front::McpPost>(checked);
  check(!post.messages.empty() && post.messages.size() <= front::kMaxBatchItems);
  check(!post.initialize || post.messages.size() == 1);
  for (const rapidjson::Document& message : post.messages) {
    check(mcp::classify(message).type != mcp::MessageType::kInvalid);
  }
  multiplex(post, request.body());
  return 0;
}
