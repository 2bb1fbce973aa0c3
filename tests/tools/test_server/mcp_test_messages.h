// Builders for the JSON-RPC messages the test-server tests send, and a reader for the answers
// (JSON Pointer look-ups that return a readable placeholder instead of crashing on a bad
// answer). Free functions; safe anywhere.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>

namespace berth::test_support {

[[nodiscard]] std::string initialize_request(int id, const std::string& protocol_version);
[[nodiscard]] std::string initialized_notification();
[[nodiscard]] std::string request(int id, const std::string& method,
                                  const std::string& params_json = "{}");
// tools/call with arguments_json as the arguments object.
[[nodiscard]] std::string tool_call(int id, const std::string& tool,
                                    const std::string& arguments_json);
[[nodiscard]] std::string echo_call(int id, const std::string& text);
[[nodiscard]] std::string sleep_call(int id, int ms);

// A parsed JSON answer, queried with JSON Pointers ("/result/content/0/text").
class JsonAnswer {
 public:
  explicit JsonAnswer(const std::string& json) {
    valid_ = !document_.Parse(json.c_str()).HasParseError();
  }
  [[nodiscard]] bool valid() const { return valid_; }
  [[nodiscard]] bool has(const std::string& pointer) const;
  // The string at pointer, or "<missing POINTER>" / "<not a string>".
  [[nodiscard]] std::string string_at(const std::string& pointer) const;
  // The integer at pointer, or INT64_MIN if absent or not an integer.
  [[nodiscard]] std::int64_t int_at(const std::string& pointer) const;
  // The value at pointer as compact JSON, or "<missing POINTER>".
  [[nodiscard]] std::string json_at(const std::string& pointer) const;

 private:
  [[nodiscard]] const rapidjson::Value* find(const std::string& pointer) const;

  rapidjson::Document document_;
  bool valid_ = false;
};

}  // namespace berth::test_support
