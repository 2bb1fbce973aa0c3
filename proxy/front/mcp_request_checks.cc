#include "proxy/front/mcp_request_checks.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "proxy/front/gateway_errors.h"
#include "proxy/http/responses.h"
#include "proxy/http/router.h"
#include "proxy/mcp/bounded_json.h"
#include "proxy/mcp/json_rpc.h"
#include "proxy/sessions/session_multiplexer.h"

namespace berth::proxy::front {
namespace {

using mcp::MessageType;

constexpr mcp::JsonLimits kPostLimits{.max_depth = mcp::kMaxJsonDepth, .max_items = kMaxBatchItems};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

// True if the header's comma-separated media types name `type` (or a wildcard covering it).
bool accepts(const http::Request& request, std::string_view type) {
  std::string accept = lower(http::to_std(request[http::beast_http::field::accept]));
  if (accept.empty()) return false;
  std::string family(type.substr(0, type.find('/')));
  return accept.find(type) != std::string::npos || accept.find("*/*") != std::string::npos ||
         accept.find(family + "/*") != std::string::npos;
}

bool is_json_content(const http::Request& request) {
  std::string type = lower(http::to_std(request[http::beast_http::field::content_type]));
  return type.substr(0, type.find(';')).find("application/json") == 0;
}

// Adds one parsed message to `post`, or says why it is not a JSON-RPC message.
std::optional<std::string> add_message(McpPost& post, rapidjson::Document message) {
  mcp::MessageShape shape = mcp::classify(message);
  if (shape.type == mcp::MessageType::kInvalid) return shape.problem;
  if (shape.type == mcp::MessageType::kRequest) {
    ++post.requests;
    if (shape.method == "initialize") post.initialize = true;
  }
  post.messages.push_back(std::move(message));
  return std::nullopt;
}

std::variant<McpPost, http::Response> split_batch(rapidjson::Document& body) {
  McpPost post;
  post.batch = true;
  if (body.Empty()) {
    return make_json_rpc_error(http::HttpStatus::bad_request, mcp::kInvalidRequest, "empty batch");
  }
  for (rapidjson::Value& item : body.GetArray()) {
    rapidjson::Document message;
    message.CopyFrom(item, message.GetAllocator());
    if (auto problem = add_message(post, std::move(message))) {
      return make_json_rpc_error(http::HttpStatus::bad_request, mcp::kInvalidRequest, *problem);
    }
  }
  if (post.initialize && post.messages.size() > 1) {
    return make_json_rpc_error(http::HttpStatus::bad_request, mcp::kInvalidRequest,
                               "initialize must not be part of a batch");
  }
  return post;
}

// 400 for a body that is not JSON (-32700) or breaks a limit (-32600, logged).
http::Response refuse_body(const http::Request& request, const Error& error) {
  if (error.code == mcp::kParseError) {
    return make_json_rpc_error(http::HttpStatus::bad_request, mcp::kParseError,
                               "the body is not JSON");
  }
  spdlog::warn("path={} request refused limit=json bytes={} reason=\"{}\"",
               http::target_path(http::to_std(request.target())), request.body().size(),
               error.message);
  return make_json_rpc_error(http::HttpStatus::bad_request, mcp::kInvalidRequest, error.message);
}

}  // namespace

std::optional<http::Response> check_json_limits(const http::Request& request) {
  Status checked = mcp::check_json(request.body(), kPostLimits);
  if (checked || checked.error_code() != mcp::kInvalidRequest) return std::nullopt;
  return refuse_body(request, checked.error_value());
}

std::string session_id_of(const http::Request& request) {
  return std::string(http::to_std(request["Mcp-Session-Id"]));
}

std::optional<http::Response> check_protocol_version(const http::Request& request) {
  std::string_view version = http::to_std(request["MCP-Protocol-Version"]);
  if (version.empty()) return std::nullopt;  // 2025-03-26 clients send none
  const auto& supported = sessions::SessionMultiplexer::kSupportedVersions;
  if (std::find(supported.begin(), supported.end(), version) != supported.end()) {
    return std::nullopt;
  }
  return make_json_rpc_error(http::HttpStatus::bad_request, mcp::kInvalidRequest,
                             "unsupported MCP-Protocol-Version " + std::string(version) +
                                 " (berth speaks 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25)");
}

std::optional<http::Response> check_mcp_get(const http::Request& request) {
  if (!accepts(request, "text/event-stream")) {
    return make_json_rpc_error(http::HttpStatus::not_acceptable, mcp::kInvalidRequest,
                               "a GET stream needs Accept: text/event-stream");
  }
  return check_protocol_version(request);
}

std::variant<McpPost, http::Response> read_mcp_post(const http::Request& request) {
  if (!accepts(request, "application/json") || !accepts(request, "text/event-stream")) {
    if (is_json_content(request)) {
      return make_json_rpc_error(http::HttpStatus::not_acceptable, mcp::kInvalidRequest,
                                 "Accept must list application/json and text/event-stream");
    }
  }
  return read_legacy_post(request);
}

std::variant<McpPost, http::Response> read_legacy_post(const http::Request& request) {
  if (!is_json_content(request)) {
    return make_json_rpc_error(http::HttpStatus::unsupported_media_type, mcp::kInvalidRequest,
                               "Content-Type must be application/json");
  }
  auto parsed = mcp::parse_json(request.body(), kPostLimits);
  if (!parsed) return refuse_body(request, parsed.error_value());
  rapidjson::Document& body = parsed.value();
  if (body.IsArray()) return split_batch(body);
  McpPost post;
  if (auto problem = add_message(post, std::move(body))) {
    return make_json_rpc_error(http::HttpStatus::bad_request, mcp::kInvalidRequest, *problem);
  }
  return post;
}

RequestIds request_ids_of(const McpPost& post) {
  RequestIds requests;
  requests.batch = post.batch;
  for (const rapidjson::Document& message : post.messages) {
    const mcp::MessageShape shape = mcp::classify(message);
    if (shape.type == mcp::MessageType::kRequest) requests.ids.push_back(shape.id);
  }
  return requests;
}

}  // namespace berth::proxy::front
