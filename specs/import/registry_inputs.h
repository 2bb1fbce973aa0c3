#pragma once
// The inputs of a registry entry (server.json): arguments, environment variables and the
// `{variables}` in their values, resolved to the text a command line or environment gets.
//
// A value comes from `--var KEY=VALUE` first (KEY being the variable's, argument's or environment
// variable's name), then the input's `value` with its `{variables}` filled in, then its `default`.
// A secret that nobody gave stays unknown: it becomes a secret file for the user to fill, never a
// value in a spec. Pure.

#include <rapidjson/document.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::specs::import {

using Vars = std::map<std::string, std::string>;

struct ResolvedInput {
  std::optional<std::string> text;   // nullopt when no value is known
  bool secret = false;               // the input, or a variable in its value, is secret
  bool secret_unknown = false;       // … and that secret's value is not known
  std::vector<std::string> missing;  // required, not secret, no value: `name (description)`
};

// `key` is the name --var uses for this input.
ResolvedInput resolve_input(const rapidjson::Value& input, const std::string& key,
                            const Vars& vars);

// A string member of a JSON object, or "" when absent or not a string.
std::string string_member(const rapidjson::Value& object, const char* key);
bool bool_member(const rapidjson::Value& object, const char* key);

}  // namespace berth::specs::import
