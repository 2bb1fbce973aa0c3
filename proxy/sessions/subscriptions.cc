#include "proxy/sessions/subscriptions.h"

namespace berth::proxy::sessions {

bool ResourceSubscriptions::subscribe(const std::string& session, const std::string& uri) {
  auto& sessions = by_uri_[uri];
  const bool first = sessions.empty();
  sessions.insert(session);
  return first;
}

bool ResourceSubscriptions::unsubscribe(const std::string& session, const std::string& uri) {
  const auto found = by_uri_.find(uri);
  if (found == by_uri_.end() || found->second.erase(session) == 0) return false;
  if (!found->second.empty()) return false;
  by_uri_.erase(found);
  return true;
}

std::vector<std::string> ResourceSubscriptions::remove_session(const std::string& session) {
  std::vector<std::string> emptied;
  for (auto it = by_uri_.begin(); it != by_uri_.end();) {
    if (it->second.erase(session) != 0 && it->second.empty()) {
      emptied.push_back(it->first);
      it = by_uri_.erase(it);
    } else {
      ++it;
    }
  }
  return emptied;
}

bool ResourceSubscriptions::subscribed(const std::string& session, const std::string& uri) const {
  const auto found = by_uri_.find(uri);
  return found != by_uri_.end() && found->second.contains(session);
}

std::vector<std::string> ResourceSubscriptions::subscribers(const std::string& uri) const {
  const auto found = by_uri_.find(uri);
  if (found == by_uri_.end()) return {};
  return std::vector<std::string>(found->second.begin(), found->second.end());
}

size_t ResourceSubscriptions::count(const std::string& uri) const {
  const auto found = by_uri_.find(uri);
  return found == by_uri_.end() ? 0 : found->second.size();
}

size_t ResourceSubscriptions::held_by(const std::string& session) const {
  size_t n = 0;
  for (const auto& [uri, sessions] : by_uri_) n += sessions.contains(session) ? 1 : 0;
  return n;
}

std::vector<std::string> ResourceSubscriptions::uris() const {
  std::vector<std::string> all;
  all.reserve(by_uri_.size());
  for (const auto& [uri, sessions] : by_uri_) all.push_back(uri);
  return all;
}

}  // namespace berth::proxy::sessions
