#include "reconciler/secret_owner.h"

#include <charconv>
#include <optional>
#include <string_view>

namespace berth::reconciler {
namespace {

std::optional<unsigned> number(std::string_view text) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return {};
  return value;
}

// A numeric id, or 0 for root's name; nullopt for any other name.
std::optional<unsigned> id_of(std::string_view part) {
  if (part == "root") return 0u;
  return number(part);
}

}  // namespace

SecretOwner secret_owner(const std::string& spec_user, const std::string& image_user) {
  std::string_view user = spec_user.empty() ? image_user : spec_user;
  if (user.empty()) return SecretOwner{};
  size_t colon = user.find(':');
  auto uid = id_of(user.substr(0, colon));
  if (!uid) return SecretOwner{0, 0, false};
  // Without a group (or with a group name), the group stays root's: the files are the user's.
  auto gid = colon == std::string_view::npos ? std::nullopt : id_of(user.substr(colon + 1));
  return SecretOwner{static_cast<uid_t>(*uid), static_cast<gid_t>(gid.value_or(0)), true};
}

}  // namespace berth::reconciler
