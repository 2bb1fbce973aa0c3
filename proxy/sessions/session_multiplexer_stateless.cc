// SessionMultiplexer: stateless clients, the modern era's (2026-07-28): one request each, its
// context in params._meta, no session. See the class comment.
#include <algorithm>
#include <array>
#include <utility>

#include "proxy/mcp/modern_era.h"
#include "proxy/sessions/modern_results.h"
#include "proxy/sessions/session_multiplexer.h"

namespace berth::proxy::sessions {
namespace {

constexpr std::string_view kStreamClosed = "the client closed its response stream";

// Methods a stateless client gets -32601 for from berth: dropped by the modern era, or (listen)
// not served by berth yet.
constexpr std::array<std::string_view, 6> kNotStateless = {"initialize",
                                                           "ping",
                                                           "logging/setLevel",
                                                           "resources/subscribe",
                                                           "resources/unsubscribe",
                                                           "subscriptions/listen"};

bool not_stateless(std::string_view method) {
  return std::find(kNotStateless.begin(), kNotStateless.end(), method) != kNotStateless.end();
}

// The capability names of params._meta clientCapabilities.
std::set<std::string> declared_capabilities(const rapidjson::Value& message) {
  std::set<std::string> names;
  const rapidjson::Value* meta = mcp::request_meta(message);
  const rapidjson::Value* declared =
      meta ? mcp::member(*meta, mcp::kMetaClientCapabilities) : nullptr;
  if (declared == nullptr || !declared->IsObject()) return names;
  for (const auto& entry : declared->GetObject()) {
    names.emplace(entry.name.GetString(), entry.name.GetStringLength());
  }
  return names;
}

// Removes the io.modelcontextprotocol/* keys from params._meta (and _meta, once empty): they
// describe the client to berth; the legacy backend's client is berth.
void strip_modern_meta(rapidjson::Document& message) {
  rapidjson::Value* meta = mcp::request_meta(message);
  if (meta == nullptr) return;
  for (auto it = meta->MemberBegin(); it != meta->MemberEnd();) {
    const std::string_view name(it->name.GetString(), it->name.GetStringLength());
    it = name.starts_with(mcp::kMetaMcpPrefix) ? meta->EraseMember(it) : it + 1;
  }
  if (meta->MemberCount() == 0) mcp::member(message, "params")->RemoveMember("_meta");
}

}  // namespace

bool SessionMultiplexer::has_stateless(const std::string& key) const { return is_stateless(key); }

Outcome SessionMultiplexer::from_stateless(const std::string& key, rapidjson::Document message) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  const mcp::MessageShape shape = mcp::classify(message);
  if (shape.type != mcp::MessageType::kRequest) {
    return {Disposition::kDropped, "a stateless client's message that is not a request"};
  }
  Session client;
  client.seq = next_session_seq_++;
  client.stateless = true;
  client.capabilities_known = true;
  client.capabilities = declared_capabilities(message);
  const auto [found, added] = sessions_.emplace(key, std::move(client));
  if (!added) {
    return {Disposition::kDropped, "stateless client " + key + " already has a request in flight"};
  }
  return on_stateless_request(key, found->second, message, shape);
}

Outcome SessionMultiplexer::on_stateless_request(const std::string& key, Session& client,
                                                 rapidjson::Document& message,
                                                 const mcp::MessageShape& shape) {
  const std::string_view method = shape.method;
  if (method == "server/discover") {
    if (!attached()) return reject(key, shape.id, mcp::kInternalError, unavailable());
    return answer(key, shape.id, discover_result(*init_result_));
  }
  if (not_stateless(method)) {
    return reject(
        key, shape.id, mcp::kMethodNotFound,
        "Method not found: " + std::string(method) + " (not served to 2026-07-28 clients)");
  }
  if (const rapidjson::Value* token = mcp::progress_token(message);
      token && !mcp::is_valid_id(*token)) {
    return reject(key, shape.id, mcp::kInvalidParams,
                  "params._meta.progressToken must be a string or an integer");
  }
  if (!attached()) return reject(key, shape.id, mcp::kInternalError, unavailable());
  strip_modern_meta(message);
  return forward(key, client, message, shape);
}

void SessionMultiplexer::cancel_stateless(const std::string& key) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  const auto found = sessions_.find(key);
  if (found == sessions_.end() || !found->second.stateless) return;
  end_session(found, kStreamClosed);
}

}  // namespace berth::proxy::sessions
