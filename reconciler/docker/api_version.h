#pragma once
// The Docker Engine API version berth speaks: the engine's own (from GET /_ping's API-Version
// header), capped at the newest berth knows, refusing engines older than berth needs.
//
// Pure functions; safe from any thread.

#include <string>
#include <string_view>

#include "base/result.h"

namespace berth::reconciler::docker {

inline constexpr std::string_view kMinApiVersion = "1.40";  // Docker 19.03
inline constexpr std::string_view kMaxApiVersion = "1.45";

// min(engine_version, kMaxApiVersion), or an error when the engine's version is unreadable or
// older than kMinApiVersion.
Result<std::string> choose_api_version(std::string_view engine_version);

}  // namespace berth::reconciler::docker
