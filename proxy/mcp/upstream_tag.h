#pragma once
// Upstream tags: the random word berth puts in every id it sends to a server, so that no id
// repeats across berth runs (or across the maps and channels of one run).
//
// A stdio container outlives the berth that started it: a berth killed with a request in flight
// is replaced by one that adopts the container and reattaches, and the server's late answer to
// the old request then reaches the new berth. Without a fresh tag the new berth would issue the
// same ids again ("s1-1", "berth:1") and hand that answer to a new client. With one, an answer
// to an id this run never issued matches nothing and is dropped.
//
// The tag is not a secret (servers see it); it only has to be fresh. Thread-safe.

#include <string>
#include <string_view>

namespace berth::proxy::mcp {

// Bytes of randomness in a tag: 64 bits, so two runs share a tag with probability 2^-64.
inline constexpr size_t kUpstreamTagBytes = 8;

// A fresh tag: 16 lowercase hex characters from OpenSSL's CSPRNG (RAND_bytes); should that ever
// fail, from std::random_device mixed with the clock, which is still fresh per run.
std::string new_upstream_tag();

// An id a server sent, for one log field: `raw_id` is its compact JSON (as to_json or quote
// writes it: control characters escaped, so no newline can forge a log line), cut to 64
// characters.
std::string loggable_id(std::string_view raw_id);

}  // namespace berth::proxy::mcp
