#include "specs/import/spec_draft.h"

#include <algorithm>

namespace berth::specs::import {

const EnvDraft* SpecDraft::find_env(const std::string& env_name) const {
  auto it = std::find_if(env.begin(), env.end(),
                         [&](const EnvDraft& entry) { return entry.name == env_name; });
  return it == env.end() ? nullptr : &*it;
}

bool SpecDraft::sets_env(const std::string& env_name) const {
  return find_env(env_name) != nullptr ||
         std::any_of(secrets.begin(), secrets.end(),
                     [&](const SecretDraft& secret) { return secret.env == env_name; });
}

}  // namespace berth::specs::import
