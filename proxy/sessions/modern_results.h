#pragma once
// What the multiplexer answers a stateless (2026-07-28) client with when its backend is of the
// legacy era, as every stdio server berth holds a session with is today:
// - server/discover, built from the backend's initialize result: its capabilities (less those
//   berth does not serve statelessly yet: `logging`, whose per-request logLevel berth cannot
//   attribute, and the list-changed and subscribe flags, which need subscriptions/listen), its
//   instructions, its serverInfo in _meta, and every revision berth serves on the route;
// - results made modern: `resultType: "complete"` (a legacy backend has no other kind), the
//   caching hints the spec requires on the cacheable methods (`ttlMs: 0`, immediately stale, and
//   `cacheScope: "private"`: berth cannot know how long the backend's answer holds, nor whether
//   it is the same for every caller), and the backend's serverInfo in the result's _meta.
// Fields the backend set itself are kept. An error with -32002, the legacy "resource not found"
// the modern era must not emit, becomes -32602 (Invalid params), its successor.
// Pure functions; thread-safe.

#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace berth::proxy::sessions {

// The JSON array of every revision berth serves on a multiplexed route, newest first (modern,
// then legacy).
[[nodiscard]] std::string supported_versions_json();

// The server/discover result (JSON) for a backend whose initialize result is `init_result`.
[[nodiscard]] std::string discover_result(const rapidjson::Value& init_result);

// Makes `response`, the backend's answer to a `method` request, a modern one (see above).
void make_response_modern(rapidjson::Document& response, std::string_view method,
                          const rapidjson::Value& init_result);

// Whether the spec requires caching hints on `method`'s results.
[[nodiscard]] bool is_cacheable_method(std::string_view method);

}  // namespace berth::proxy::sessions
