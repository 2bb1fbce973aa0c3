#include "specs/auth_fields.h"

#include <algorithm>

namespace berth::specs {
namespace {

constexpr std::string_view kAuthFields[] = {"scopes"};
constexpr size_t kMaxScopes = 64;
constexpr size_t kMaxScopeLength = 128;

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
bool is_scope_token(std::string_view text) {
  return !text.empty() && text.size() <= kMaxScopeLength &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return c >= 0x21 && c <= 0x7e && c != '"' && c != '\\'; });
}

void parse_scopes(FieldReader& reader, const Field& field, AuthPolicy& auth) {
  auto items = reader.sequence(field);
  if (!items) return;
  if (items->size() > kMaxScopes) {
    reader.error(field, "more than " + std::to_string(kMaxScopes) + " scopes");
    return;
  }
  for (const Field& item : *items) {
    auto scope = reader.string(item);
    if (!scope) continue;
    if (!is_scope_token(*scope)) {
      reader.error(item, in_quotes(*scope) +
                             " is not an OAuth scope (printable ASCII without spaces, '\"' or "
                             "'\\', at most 128 characters)");
    } else if (std::find(auth.scopes.begin(), auth.scopes.end(), *scope) != auth.scopes.end()) {
      reader.error(item, in_quotes(*scope) + " is listed twice");
    } else {
      auth.scopes.push_back(*scope);
    }
  }
}

}  // namespace

void parse_auth(FieldReader& reader, const Field& field, AuthPolicy& auth) {
  auto fields = reader.mapping(field, kAuthFields);
  if (!fields) return;
  if (const Field* scopes = find_field(*fields, "scopes")) parse_scopes(reader, *scopes, auth);
}

}  // namespace berth::specs
