#pragma once
// kNoBodyLimit: "no limit" for a Beast parser's body, for streams that may never end (logs
// follow, SSE). Not boost::none: Boost 1.74 compares a Content-Length with an empty optional
// limit as exceeding it (basic_parser.ipp, `len_ > body_limit_`), failing every sized body.

#include <cstdint>
#include <limits>

namespace berth::proxy {

inline constexpr uint64_t kNoBodyLimit = std::numeric_limits<uint64_t>::max();

}  // namespace berth::proxy
