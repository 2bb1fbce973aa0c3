#pragma once
// Tolerant reads of members of the Engine API's JSON answers: a member that is missing or of
// another type reads as empty, since fields come and go across engine versions. Pure functions.

#include <rapidjson/document.h>

#include <string>

namespace berth::reconciler::docker {

inline std::string string_member(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return {};
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsString()) return {};
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

inline const rapidjson::Value* object_member(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

}  // namespace berth::reconciler::docker
