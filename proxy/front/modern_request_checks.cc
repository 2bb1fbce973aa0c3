#include "proxy/front/modern_request_checks.h"

#include <string>
#include <string_view>

#include "proxy/http/responses.h"
#include "proxy/mcp/json_rpc.h"
#include "proxy/mcp/modern_era.h"
#include "proxy/sessions/modern_results.h"

namespace berth::proxy::front {
namespace {

constexpr std::string_view kVersionHeader = "MCP-Protocol-Version";

std::optional<std::string_view> header(const http::Request& request, std::string_view name) {
  auto found = request.find(http::to_beast(name));
  if (found == request.end()) return std::nullopt;
  return http::to_std(found->value());
}

http::Response refuse(const mcp::MessageShape& shape, int code, std::string_view message,
                      std::string_view data = "") {
  return http::make_json_response(http::HttpStatus::bad_request,
                                  mcp::error_response(shape.id, code, message, data));
}

http::Response mismatch(const mcp::MessageShape& shape, std::string message) {
  return refuse(shape, mcp::kHeaderMismatch, "Header mismatch: " + message);
}

// Steps 3 to 5: the version the request declares, in the header and in _meta.
std::optional<http::Response> check_version(const rapidjson::Value& message,
                                            const mcp::MessageShape& shape,
                                            std::string_view version) {
  const auto declared = mcp::meta_string(message, mcp::kMetaProtocolVersion);
  if (shape.type == mcp::MessageType::kRequest) {
    const rapidjson::Value* meta = mcp::request_meta(message);
    const bool capabilities =
        meta != nullptr && mcp::member(*meta, mcp::kMetaClientCapabilities) != nullptr;
    if (!declared || !capabilities) {
      return refuse(shape, mcp::kInvalidParams,
                    "Invalid params: a 2026-07-28 request carries params._meta "
                    "io.modelcontextprotocol/protocolVersion and "
                    "io.modelcontextprotocol/clientCapabilities");
    }
  }
  if (declared && *declared != version) {
    return mismatch(shape, "MCP-Protocol-Version header " + mcp::quote(version) +
                               " does not match _meta protocolVersion " + mcp::quote(*declared));
  }
  if (!mcp::is_modern_version(version)) {
    return refuse(shape, mcp::kUnsupportedProtocolVersion, "Unsupported protocol version",
                  R"({"supported":)" + sessions::supported_versions_json() + R"(,"requested":)" +
                      mcp::quote(version) + "}");
  }
  return std::nullopt;
}

// Steps 6 and 7: the headers that mirror the body.
std::optional<http::Response> check_mirrors(const http::Request& request,
                                            const rapidjson::Value& message,
                                            const mcp::MessageShape& shape) {
  const auto method = header(request, "Mcp-Method");
  if (!method && shape.type == mcp::MessageType::kRequest) {
    return mismatch(shape, "the Mcp-Method header is missing");
  }
  if (method && *method != shape.method) {
    return mismatch(shape, "Mcp-Method header " + mcp::quote(*method) +
                               " does not match the body's method " + mcp::quote(shape.method));
  }
  if (!mcp::method_has_name(shape.method)) return std::nullopt;
  const auto body_name = mcp::name_of(message, shape.method);
  const auto name = header(request, "Mcp-Name");
  if (!name) {
    if (!body_name) return std::nullopt;  // the backend judges the missing parameter
    return mismatch(shape, "the Mcp-Name header is missing");
  }
  auto decoded = mcp::decode_header_value(*name);
  if (!decoded) return mismatch(shape, "Mcp-Name: " + decoded.error());
  if (!body_name || *decoded != *body_name) {
    return mismatch(shape, "Mcp-Name header " + mcp::quote(*decoded) +
                               " does not match the body's " +
                               (body_name ? mcp::quote(*body_name) : std::string("(none)")));
  }
  return std::nullopt;
}

}  // namespace

bool names_modern_version(const http::Request& request) {
  const auto version = header(request, kVersionHeader);
  return version && mcp::is_modern_version(*version);
}

bool is_modern_post(const http::Request& request, const McpPost& post) {
  if (names_modern_version(request)) return true;
  for (const rapidjson::Document& message : post.messages) {
    if (mcp::meta_string(message, mcp::kMetaProtocolVersion)) return true;
  }
  return false;
}

std::optional<http::Response> check_modern_post(const http::Request& request, const McpPost& post) {
  if (post.batch || post.messages.size() != 1) {
    return make_json_rpc_error(http::HttpStatus::bad_request, request_ids_of(post),
                               mcp::kInvalidRequest,
                               "a 2026-07-28 POST carries one JSON-RPC message, not a batch");
  }
  const rapidjson::Document& message = post.messages.front();
  const mcp::MessageShape shape = mcp::classify(message);
  if (shape.type == mcp::MessageType::kResponse) {
    return refuse(shape, mcp::kInvalidRequest, "a 2026-07-28 client sends no responses");
  }
  const auto version = header(request, kVersionHeader);
  if (!version) return mismatch(shape, "the MCP-Protocol-Version header is missing");
  if (auto refused = check_version(message, shape, *version)) return refused;
  return check_mirrors(request, message, shape);
}

http::Response modern_method_not_allowed() {
  http::Response response = make_json_rpc_error(
      http::HttpStatus::method_not_allowed, mcp::kInvalidRequest,
      "2026-07-28 has no GET stream and no session to DELETE: POST each request");
  response.set(http::beast_http::field::allow, "POST");
  return response;
}

}  // namespace berth::proxy::front
