#include "multiplexer_harness.h"

#include <gtest/gtest.h>
#include <rapidjson/pointer.h>

#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::sessions {

const std::string_view kInitResult =
    R"({"protocolVersion":"2025-06-18","capabilities":{"tools":{"listChanged":true},)"
    R"("prompts":{},"resources":{"subscribe":true},"logging":{}},)"
    R"("serverInfo":{"name":"fake","version":"1.0"},"instructions":"be kind"})";

rapidjson::Document parse(std::string_view json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  EXPECT_FALSE(document.HasParseError()) << json;
  return document;
}

std::string at(std::string_view json, const char* pointer) {
  const rapidjson::Document document = parse(json);
  const rapidjson::Value* value = rapidjson::Pointer(pointer).Get(document);
  return value == nullptr ? "<missing>" : mcp::to_json(*value);
}

std::vector<std::string> FakeBackend::take() {
  std::vector<std::string> taken;
  taken.swap(sent);
  return taken;
}

std::vector<std::string> FakeBackend::take_draining() {
  std::vector<std::string> taken;
  taken.swap(sent_draining);
  return taken;
}

std::vector<Delivery> FakeSink::take() {
  std::vector<Delivery> taken;
  taken.swap(delivered);
  return taken;
}

std::vector<Delivery> FakeSink::to(const std::string& session) const {
  std::vector<Delivery> matching;
  for (const Delivery& delivery : delivered) {
    if (delivery.session == session) matching.push_back(delivery);
  }
  return matching;
}

Harness::Harness(bool attach) {
  if (attach) {
    EXPECT_TRUE(mux.backend_attached(parse(kInitResult)).ok());
  }
  backend.take();
}

void Harness::open(const std::string& session, std::string_view capabilities) {
  ASSERT_TRUE(mux.add_session(session));
  const std::string init =
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",)"
      R"("capabilities":)" +
      std::string(capabilities) + R"(,"clientInfo":{"name":"t","version":"1"}}})";
  ASSERT_EQ(client(session, init).disposition, Disposition::kAnswered);
  ASSERT_EQ(
      client(session, R"({"jsonrpc":"2.0","method":"notifications/initialized"})").disposition,
      Disposition::kSwallowed);
  backend.take();
  sink.take();
}

}  // namespace berth::proxy::sessions
