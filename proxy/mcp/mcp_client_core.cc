#include "proxy/mcp/mcp_client_core.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <charconv>
#include <optional>

#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::mcp {
namespace {

namespace asio = boost::asio;

// berth declares what its client sessions may answer (sessions::SessionMultiplexer routes these
// server-to-client requests to the session whose request caused them), so servers offer the
// tools that need them. Not roots: a shared server would keep one client's roots for all of
// them, so berth answers roots/list itself with none, and declaring a capability that always
// answers nothing would only make servers (filesystem) trade their own configuration for it.
constexpr std::string_view kInitializeParams =
    R"({"protocolVersion":"2025-06-18",)"
    R"("capabilities":{"sampling":{},"elicitation":{}},)"
    R"("clientInfo":{"name":"berth","version":"0.1.0"}})";

// The text after "berth:" of the id of `message`, when it is an answer to a "berth:" id.
std::optional<std::string_view> berth_answer_id(const rapidjson::Document& message) {
  if (message.HasMember("method") || !message.HasMember("id")) return std::nullopt;
  const auto& id = message["id"];
  if (!id.IsString()) return std::nullopt;
  std::string_view text(id.GetString(), id.GetStringLength());
  if (!text.starts_with(McpChannel::kIdPrefix)) return std::nullopt;
  text.remove_prefix(McpChannel::kIdPrefix.size());
  return text;
}

// The number n of `<tag>:<n>`, or 0 if `text` is not that (another core's or run's id).
uint64_t request_number(std::string_view text, std::string_view tag) {
  if (!text.starts_with(tag) || text.size() <= tag.size() || text[tag.size()] != ':') return 0;
  text.remove_prefix(tag.size() + 1);
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && end == text.data() + text.size() ? n : 0;
}

JsonRpcResult to_result(const rapidjson::Document& message) {
  if (message.HasMember("result")) {
    rapidjson::Document result;
    result.CopyFrom(message["result"], result.GetAllocator());
    return result;
  }
  const auto* error =
      message.HasMember("error") && message["error"].IsObject() ? &message["error"] : nullptr;
  if (error == nullptr) return Error{"malformed JSON-RPC response: neither result nor error"};
  const int code =
      error->HasMember("code") && (*error)["code"].IsInt() ? (*error)["code"].GetInt() : 0;
  std::string text = error->HasMember("message") && (*error)["message"].IsString()
                         ? (*error)["message"].GetString()
                         : "";
  return Error{"JSON-RPC error " + std::to_string(code) + ": " + text, code};
}

rapidjson::Document copy_of(const rapidjson::Document& document) {
  rapidjson::Document copy;
  copy.CopyFrom(document, copy.GetAllocator());
  return copy;
}

}  // namespace

McpClientCore::McpClientCore(asio::io_context& io, std::string log_tag, Write write,
                             std::string id_tag)
    : io_(io),
      log_tag_(std::move(log_tag)),
      write_(std::move(write)),
      id_prefix_(std::string(McpChannel::kIdPrefix) + id_tag + ":"),
      id_tag_(std::move(id_tag)),
      pending_(io) {}

void McpClientCore::send_request(std::string_view method, std::string_view params_json,
                                 std::chrono::milliseconds timeout, ResponseHandler handler) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  if (closed_) {
    asio::post(io_, [handler = std::move(handler), method = std::string(method)] {
      handler(Error{method + ": backend closed"});
    });
    return;
  }
  const uint64_t id = next_id_++;
  rapidjson::StringBuffer text;
  rapidjson::Writer<rapidjson::StringBuffer> writer(text);
  writer.StartObject();
  writer.Key("jsonrpc");
  writer.String("2.0");
  writer.Key("id");
  const std::string id_text = id_prefix_ + std::to_string(id);
  writer.String(id_text.data(), static_cast<rapidjson::SizeType>(id_text.size()));
  writer.Key("method");
  writer.String(method.data(), static_cast<rapidjson::SizeType>(method.size()));
  if (!params_json.empty()) {
    writer.Key("params");
    writer.RawValue(params_json.data(), params_json.size(), rapidjson::kObjectType);
  }
  writer.EndObject();
  pending_.add(id, std::string(method), timeout, std::move(handler));
  write_(std::string(text.GetString(), text.GetSize()));
}

void McpClientCore::initialize(std::chrono::milliseconds timeout, ResponseHandler handler) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  if (init_result_) {
    asio::post(io_, [handler = std::move(handler), copy = copy_of(*init_result_)]() mutable {
      handler(std::move(copy));
    });
    return;
  }
  init_waiters_.push_back(std::move(handler));
  if (init_waiters_.size() > 1) return;  // one initialize in flight serves every caller
  // The handler lives in pending_, a member: `this` outlives it.
  send_request("initialize", kInitializeParams, timeout,
               [this](JsonRpcResult result) { on_initialize(std::move(result)); });
}

void McpClientCore::on_initialize(JsonRpcResult result) {
  if (result) {
    init_result_ = std::make_shared<const rapidjson::Document>(copy_of(result.value()));
    write_(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    spdlog::info("{} initialized", log_tag_);
  }
  auto waiters = std::move(init_waiters_);
  init_waiters_.clear();
  for (auto& waiter : waiters) {
    if (result) {
      waiter(copy_of(result.value()));
    } else {
      waiter(result.error_value());
    }
  }
}

void McpClientCore::dispatch(rapidjson::Document message) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  if (const auto own = berth_answer_id(message)) {
    const uint64_t n = request_number(*own, id_tag_);
    if (n == 0) {
      spdlog::info("{} answer dropped: berth did not send its request on this channel id={}",
                   log_tag_, loggable_id(to_json(message["id"])));
    } else if (!pending_.complete(n, to_result(message))) {
      spdlog::debug("{} late answer dropped id={}{}", log_tag_, id_prefix_, n);
    }
    return;
  }
  if (on_message_) return on_message_(std::move(message));
  answer_unhandled(message);
}

// No client session is connected (the front binds on the first client request): berth itself
// is the server's client, and a request the server sends now must not wait for its timeout.
void McpClientCore::answer_unhandled(const rapidjson::Document& message) {
  const MessageShape shape = classify(message);
  if (shape.type != MessageType::kRequest) {
    spdlog::debug("{} no session for a message; dropped", log_tag_);
    return;
  }
  if (shape.method == "ping") return write_(result_response(shape.id, "{}"));
  // As sessions::SessionMultiplexer answers it: a shared server gets no client's roots.
  if (shape.method == "roots/list") {
    return write_(result_response(shape.id, R"({"roots":[]})"));
  }
  spdlog::info("{} server request refused: no client session is connected method={}", log_tag_,
               loggable_id(quote(shape.method)));
  write_(error_response(shape.id, kInternalError, "no client session is connected to berth"));
}

void McpClientCore::close(const Error& reason) {
  // Not checked against the io thread: at shutdown the channel that owns this core is closed
  // from the thread that ran the io context, after that context stopped (nothing else runs).
  if (closed_) return;
  closed_ = true;
  pending_.fail_all(reason);
  if (auto handler = std::move(on_closed_)) {
    on_closed_ = nullptr;
    handler(reason);
  }
}

}  // namespace berth::proxy::mcp
