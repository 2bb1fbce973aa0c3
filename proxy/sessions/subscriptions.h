#pragma once
// ResourceSubscriptions: which client sessions subscribed to which resource URIs.
//
// The backend sees one client (berth), so berth subscribes upstream once per URI: when the first
// session subscribes, and unsubscribes when the last one leaves. The methods report those edges;
// `notifications/resources/updated` goes to subscribers(uri) only. A session counts once per URI
// however often it subscribes. Not thread-safe; owned by the multiplexer.

#include <map>
#include <set>
#include <string>
#include <vector>

namespace berth::proxy::sessions {

class ResourceSubscriptions {
 public:
  // Adds `session` to `uri`'s subscribers; true if `uri` had none before (subscribe upstream).
  bool subscribe(const std::string& session, const std::string& uri);
  // Removes `session` from `uri`'s subscribers; true if it was the last (unsubscribe upstream).
  // False, changing nothing, when `session` was not subscribed.
  bool unsubscribe(const std::string& session, const std::string& uri);
  // Removes `session` everywhere; returns the URIs it was the last subscriber of.
  std::vector<std::string> remove_session(const std::string& session);

  bool subscribed(const std::string& session, const std::string& uri) const;
  std::vector<std::string> subscribers(const std::string& uri) const;
  size_t count(const std::string& uri) const;
  // How many URIs `session` is subscribed to.
  size_t held_by(const std::string& session) const;
  // Every URI with at least one subscriber (what a new backend must be subscribed to).
  std::vector<std::string> uris() const;

 private:
  std::map<std::string, std::set<std::string>> by_uri_;  // never holds an empty set
};

}  // namespace berth::proxy::sessions
