#pragma once
// Parsers and formatters for the units a spec is written in: sizes (`512Mi`), durations (`1m30s`)
// and CPU amounts (`0.5`, `500m`). Pure functions, exact integer arithmetic (no floating-point
// rounding), safe to call from any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "specs/server_spec.h"

namespace berth::specs {

// Bytes from `1048576`, `512Mi`, `1.5Gi`, `2G` (K M G T are powers of 1000, Ki Mi Gi Ti of 1024).
std::optional<int64_t> parse_size(std::string_view text);

// Milliseconds from a sequence of number-and-unit pairs: `500ms`, `30s`, `5m`, `1h`, `1m30s`.
std::optional<Millis> parse_duration(std::string_view text);

// Nano-CPUs from `2`, `0.5` or `500m` (milli-CPUs).
std::optional<int64_t> parse_cpus(std::string_view text);

// What a user probably meant: `512XB` → `512Mi`, `1GB` → `1Gi`, `30` → `30s`, `5min` → `5m`,
// `1d` → `24h`; a generic example (`512Mi`, `30s`) when the text does not start with a number.
std::string suggest_size(std::string_view text);
std::string suggest_duration(std::string_view text);

// Exact spellings for messages: sizes in the largest binary unit that divides them (536870912 →
// `512Mi`, 1000 → `1000`), 90000ms → `1m30s`, 5e8 nano-CPUs → `0.5`.
std::string format_size(int64_t bytes);
std::string format_duration(Millis duration);
std::string format_cpus(int64_t nano_cpus);

}  // namespace berth::specs
