#include "specs/import/draft_env.h"

#include <algorithm>

#include "specs/import/import_names.h"

namespace berth::specs::import {
namespace {

bool secret_name_taken(const SpecDraft& draft, const std::string& name) {
  return std::any_of(draft.secrets.begin(), draft.secrets.end(),
                     [&](const SecretDraft& secret) { return secret.name == name; });
}

}  // namespace

void unset_env(SpecDraft& draft, const std::string& env_name) {
  std::erase_if(draft.env, [&](const EnvDraft& env) { return env.name == env_name; });
  std::erase_if(draft.secrets, [&](const SecretDraft& secret) { return secret.env == env_name; });
}

void add_secret(SpecDraft& draft, const std::string& env_name, std::optional<std::string> value,
                std::string note) {
  std::string base = secret_file_name(env_name);
  std::string name = base;
  for (int n = 2; secret_name_taken(draft, name); ++n) name = base + "-" + std::to_string(n);
  draft.secrets.push_back(SecretDraft{name, env_name, std::move(value), std::move(note)});
}

void add_known_env(SpecDraft& draft, const std::string& env_name, const std::string& value,
                   const std::string& from) {
  if (looks_secret(env_name, value)) {
    add_secret(draft, env_name, value, from + " looks secret: it is kept out of the spec");
  } else {
    draft.env.push_back(EnvDraft{env_name, value, ""});
  }
}

void force_secret(SpecDraft& draft, const std::string& env_name, const std::string& note) {
  if (const EnvDraft* env = draft.find_env(env_name)) {
    std::string value = env->value;
    unset_env(draft, env_name);
    add_secret(draft, env_name, value, note);
    return;
  }
  for (SecretDraft& secret : draft.secrets) {
    if (secret.env == env_name) secret.note = note;
  }
}

}  // namespace berth::specs::import
