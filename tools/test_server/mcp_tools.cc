#include "tools/test_server/mcp_tools.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <thread>

namespace berth::test_server {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Static description of one tool and its single required argument.
struct ToolSpec {
  const char* name;
  const char* description;
  const char* argument;
  const char* argument_type;  // JSON Schema type.
  const char* argument_description;
};

constexpr ToolSpec kTools[] = {
    {"echo", "Returns the given text unchanged.", "text", "string", "Text to send back."},
    {"sleep", "Waits the given number of milliseconds, then answers.", "ms", "integer",
     "Milliseconds to wait (0..600000)."},
    {"crash", "Ends the server process at once with the given exit code.", "code", "integer",
     "Process exit code (0..255)."},
    {"getenv", "Returns the value of an environment variable of the server process.", "name",
     "string", "The variable's name."},
    {"read_file", "Returns the contents of a file as the server process reads it.", "path",
     "string", "An absolute path."},
};

// A call whose one argument `key` is a string.
ParsedToolCall string_argument(const rapidjson::Value& arguments, const char* key, ToolName tool) {
  auto it = arguments.FindMember(key);
  if (it == arguments.MemberEnd() || !it->value.IsString()) {
    return ParsedToolCall{ToolCall{},
                          std::string("Invalid params: '") + key + "' must be a string"};
  }
  std::string value(it->value.GetString(), it->value.GetStringLength());
  return ParsedToolCall{ToolCall{tool, std::move(value), 0}, ""};
}

std::string read_file_text(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return std::string("cannot read ") + path + ": " + std::strerror(errno);
  std::string out;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0 && out.size() < (1 << 20)) {
    out.append(buffer, n);
  }
  std::fclose(file);
  return out;
}

void write_tool(JsonWriter& writer, const ToolSpec& spec) {
  writer.StartObject();
  writer.Key("name");
  writer.String(spec.name);
  writer.Key("description");
  writer.String(spec.description);
  writer.Key("inputSchema");
  writer.StartObject();
  writer.Key("type");
  writer.String("object");
  writer.Key("properties");
  writer.StartObject();
  writer.Key(spec.argument);
  writer.StartObject();
  writer.Key("type");
  writer.String(spec.argument_type);
  writer.Key("description");
  writer.String(spec.argument_description);
  writer.EndObject();
  writer.EndObject();
  writer.Key("required");
  writer.StartArray();
  writer.String(spec.argument);
  writer.EndArray();
  writer.EndObject();
  writer.EndObject();
}

std::string text_result(std::string_view text) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("content");
  writer.StartArray();
  writer.StartObject();
  writer.Key("type");
  writer.String("text");
  writer.Key("text");
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  writer.EndObject();
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

ParsedToolCall fail(std::string error) { return ParsedToolCall{ToolCall{}, std::move(error)}; }

// Reads the integer argument `key` into call.number, bounded to [low, high].
ParsedToolCall integer_argument(const rapidjson::Value& arguments, const char* key,
                                std::int64_t low, std::int64_t high, ToolCall call) {
  auto it = arguments.FindMember(key);
  if (it == arguments.MemberEnd() || !it->value.IsInt64()) {
    return fail(std::string("Invalid params: '") + key + "' must be an integer");
  }
  std::int64_t value = it->value.GetInt64();
  if (value < low || value > high) {
    return fail(std::string("Invalid params: '") + key + "' must be in " + std::to_string(low) +
                ".." + std::to_string(high));
  }
  call.number = value;
  return ParsedToolCall{std::move(call), ""};
}

}  // namespace

ParsedToolCall parse_tool_call(const rapidjson::Value* params) {
  if (params == nullptr || !params->IsObject()) return fail("Invalid params: expected an object");
  auto name = params->FindMember("name");
  if (name == params->MemberEnd() || !name->value.IsString()) {
    return fail("Invalid params: 'name' must be a string");
  }
  static const rapidjson::Value kNoArguments(rapidjson::kObjectType);
  auto found = params->FindMember("arguments");
  const rapidjson::Value& arguments = found == params->MemberEnd() ? kNoArguments : found->value;
  if (!arguments.IsObject()) return fail("Invalid params: 'arguments' must be an object");
  std::string_view tool = name->value.GetString();
  if (tool == "echo") {
    auto text = arguments.FindMember("text");
    if (text == arguments.MemberEnd() || !text->value.IsString()) {
      return fail("Invalid params: 'text' must be a string");
    }
    std::string value(text->value.GetString(), text->value.GetStringLength());
    return ParsedToolCall{ToolCall{ToolName::kEcho, std::move(value), 0}, ""};
  }
  if (tool == "getenv") return string_argument(arguments, "name", ToolName::kGetenv);
  if (tool == "read_file") return string_argument(arguments, "path", ToolName::kReadFile);
  if (tool == "sleep")
    return integer_argument(arguments, "ms", 0, kMaxSleepMs, ToolCall{ToolName::kSleep, "", 0});
  if (tool == "crash")
    return integer_argument(arguments, "code", 0, 255, ToolCall{ToolName::kCrash, "", 0});
  return fail("Unknown tool: " + std::string(tool));
}

std::string tool_list_json() {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("tools");
  writer.StartArray();
  for (const ToolSpec& spec : kTools) write_tool(writer, spec);
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string run_tool(const ToolCall& call) {
  switch (call.tool) {
    case ToolName::kEcho:
      return text_result(call.text);
    case ToolName::kSleep:
      std::this_thread::sleep_for(std::chrono::milliseconds(call.number));
      return text_result("slept " + std::to_string(call.number) + " ms");
    case ToolName::kCrash:
      // The point of this tool is an abrupt exit: no destructors, no waiting for other threads.
      // Answers already written are on the wire: every transport flushes each message it writes.
      std::_Exit(static_cast<int>(call.number));
    case ToolName::kGetenv: {
      const char* value = std::getenv(call.text.c_str());
      return text_result(value == nullptr ? "(unset)" : value);
    }
    case ToolName::kReadFile:
      return text_result(read_file_text(call.text));
  }
  return text_result("");
}

const char* tool_name(ToolName tool) {
  switch (tool) {
    case ToolName::kEcho:
      return "echo";
    case ToolName::kSleep:
      return "sleep";
    case ToolName::kCrash:
      return "crash";
    case ToolName::kGetenv:
      return "getenv";
    case ToolName::kReadFile:
      return "read_file";
  }
  return "?";
}

}  // namespace berth::test_server
