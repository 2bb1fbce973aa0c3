#include "proxy/sessions/log_levels.h"

#include <array>

namespace berth::proxy::sessions {
namespace {

constexpr std::array<std::string_view, 8> kNames = {"debug", "info",     "notice", "warning",
                                                    "error", "critical", "alert",  "emergency"};

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

std::string_view log_level_name(LogLevel level) { return kNames[static_cast<size_t>(level)]; }

bool SessionLogLevels::allows(const std::string& session, LogLevel level) const {
  const auto found = levels_.find(session);
  return found == levels_.end() || found->second <= level;
}

std::optional<LogLevel> SessionLogLevels::minimum() const {
  std::optional<LogLevel> lowest;
  for (const auto& [session, level] : levels_) {
    if (!lowest || level < *lowest) lowest = level;
  }
  return lowest;
}

}  // namespace berth::proxy::sessions
