#pragma once
// Logging levels per client session, as set by each session's `logging/setLevel`.
//
// MCP's levels are RFC 5424's severities, ordered debug < info < notice < warning < error <
// critical < alert < emergency. A session that never set a level gets every message. The backend
// has one level for all sessions, so berth asks it for the most verbose level any session set
// (minimum()) and filters per session (allows()). Not thread-safe; owned by the multiplexer.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace berth::proxy::sessions {

enum class LogLevel { kDebug, kInfo, kNotice, kWarning, kError, kCritical, kAlert, kEmergency };

// The level named `name` ("debug", …, "emergency"), if it is one.
std::optional<LogLevel> parse_log_level(std::string_view name);
std::string_view log_level_name(LogLevel level);

class SessionLogLevels {
 public:
  void set(const std::string& session, LogLevel level) { levels_[session] = level; }
  void remove(const std::string& session) { levels_.erase(session); }

  // True if `session` wants messages of `level`: it set no level, or one at most `level`.
  bool allows(const std::string& session, LogLevel level) const;
  // The most verbose level any session set; none if no session set one.
  std::optional<LogLevel> minimum() const;

 private:
  std::map<std::string, LogLevel> levels_;
};

}  // namespace berth::proxy::sessions
