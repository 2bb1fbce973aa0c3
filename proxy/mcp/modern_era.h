#pragma once
// The modern era of MCP (revision 2026-07-28 and later): no initialize and no sessions; every
// request carries its protocol version and the client's capabilities in params._meta, and on
// Streamable HTTP mirrors its method and name in headers (Mcp-Method, Mcp-Name, whose value may
// be in the Base64 sentinel form "=?base64?…?="). The legacy era is initialize + sessions
// (2025-11-25 and earlier). This file holds the era's names and codes and the pure readers of
// its per-request fields. Pure functions; thread-safe.

#include <rapidjson/document.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace berth::proxy::mcp {

// The modern revisions berth serves, newest first.
inline constexpr std::array<std::string_view, 1> kModernVersions = {"2026-07-28"};

// Reserved params._meta keys of the modern era.
inline constexpr std::string_view kMetaProtocolVersion = "io.modelcontextprotocol/protocolVersion";
inline constexpr std::string_view kMetaClientCapabilities =
    "io.modelcontextprotocol/clientCapabilities";
inline constexpr std::string_view kMetaClientInfo = "io.modelcontextprotocol/clientInfo";
inline constexpr std::string_view kMetaLogLevel = "io.modelcontextprotocol/logLevel";
inline constexpr std::string_view kMetaServerInfo = "io.modelcontextprotocol/serverInfo";
// Keys starting with this prefix are MCP's own.
inline constexpr std::string_view kMetaMcpPrefix = "io.modelcontextprotocol/";

// JSON-RPC error codes the modern era defines.
inline constexpr int kHeaderMismatch = -32020;
inline constexpr int kMissingRequiredClientCapability = -32021;
inline constexpr int kUnsupportedProtocolVersion = -32022;

// A server's era as berth's probes find it: legacy answers initialize, modern answers
// server/discover (a dual-era server is modern). Unknown until a probe succeeded.
enum class ServerEra { kUnknown, kLegacy, kModern };
// "unknown", "legacy", "modern".
[[nodiscard]] std::string_view to_string(ServerEra era);

[[nodiscard]] bool is_modern_version(std::string_view version);
// Whether `code` is one of the errors only a modern server answers with (-32020 to -32022).
[[nodiscard]] bool is_modern_error_code(int code);

// params._meta of `message`, or null when it has none (or it is not an object).
[[nodiscard]] const rapidjson::Value* request_meta(const rapidjson::Value& message);
[[nodiscard]] rapidjson::Value* request_meta(rapidjson::Value& message);
// The string at params._meta[key], if there.
[[nodiscard]] std::optional<std::string_view> meta_string(const rapidjson::Value& message,
                                                          std::string_view key);

// The body value the Mcp-Name header mirrors: params.name of tools/call and prompts/get,
// params.uri of resources/read; none for other methods (or when the body lacks it).
[[nodiscard]] bool method_has_name(std::string_view method);
[[nodiscard]] std::optional<std::string_view> name_of(const rapidjson::Value& message,
                                                      std::string_view method);

// A header value as the sender meant it: "=?base64?X?=" decodes X (standard Base64, padded or
// not); any other value is taken as it is, with surrounding spaces and tabs trimmed (RFC 9110
// field parsing). An error for a malformed sentinel or a plain value holding a character outside
// visible ASCII, space and tab.
[[nodiscard]] Result<std::string> decode_header_value(std::string_view value);

}  // namespace berth::proxy::mcp
