#include "specs/import/registry_inputs.h"

namespace berth::specs::import {
namespace {

std::string described(const std::string& key, const rapidjson::Value& input) {
  std::string description = string_member(input, "description");
  return description.empty() ? key : key + " (" + description + ")";
}

// The value of one variable of an input's `variables` map.
ResolvedInput resolve_variable(const rapidjson::Value& variable, const std::string& key,
                               const Vars& vars) {
  ResolvedInput out;
  out.secret = bool_member(variable, "isSecret");
  if (auto given = vars.find(key); given != vars.end()) {
    out.text = given->second;
  } else if (variable.IsObject() && variable.HasMember("value")) {
    out.text = string_member(variable, "value");
  } else if (variable.IsObject() && variable.HasMember("default")) {
    out.text = string_member(variable, "default");
  }
  if (out.text) return out;
  out.secret_unknown = out.secret;
  if (!out.secret && bool_member(variable, "isRequired")) {
    out.missing.push_back(described(key, variable));
  }
  return out;
}

// `value` with each `{name}` of `variables` filled in; unknown names stay as they are.
ResolvedInput fill_variables(const std::string& value, const rapidjson::Value& input,
                             const Vars& vars) {
  ResolvedInput out;
  out.text = "";
  auto variables = input.FindMember("variables");
  bool has_variables = variables != input.MemberEnd() && variables->value.IsObject();
  for (size_t i = 0; i < value.size(); ++i) {
    size_t close = value[i] == '{' ? value.find('}', i) : std::string::npos;
    std::string name = close == std::string::npos ? "" : value.substr(i + 1, close - i - 1);
    auto variable = has_variables && !name.empty() ? variables->value.FindMember(name.c_str())
                                                   : rapidjson::Value::ConstMemberIterator();
    if (!has_variables || name.empty() || variable == variables->value.MemberEnd()) {
      *out.text += value[i];
      continue;
    }
    ResolvedInput part = resolve_variable(variable->value, name, vars);
    out.secret = out.secret || part.secret;
    out.secret_unknown = out.secret_unknown || part.secret_unknown;
    out.missing.insert(out.missing.end(), part.missing.begin(), part.missing.end());
    if (part.text) *out.text += *part.text;
    i = close;
  }
  if (out.secret_unknown || !out.missing.empty()) out.text.reset();
  return out;
}

}  // namespace

std::string string_member(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return "";
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

bool bool_member(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return false;
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

ResolvedInput resolve_input(const rapidjson::Value& input, const std::string& key,
                            const Vars& vars) {
  bool secret = bool_member(input, "isSecret");
  ResolvedInput out;
  if (auto given = vars.find(key); given != vars.end()) {
    out.text = given->second;
  } else if (input.IsObject() && input.HasMember("value")) {
    out = fill_variables(string_member(input, "value"), input, vars);
  } else if (input.IsObject() && input.HasMember("default")) {
    out.text = string_member(input, "default");
  } else {
    out.secret_unknown = secret;
    if (!secret && bool_member(input, "isRequired")) out.missing.push_back(described(key, input));
  }
  out.secret = out.secret || secret;
  return out;
}

}  // namespace berth::specs::import
