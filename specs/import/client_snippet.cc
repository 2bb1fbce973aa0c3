#include "specs/import/client_snippet.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

namespace berth::specs::import {

std::string client_snippet(ClientFormat format,
                           const std::vector<std::pair<std::string, std::string>>& servers,
                           const std::string& base_url) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  if (format == ClientFormat::kVsCodeSettings) {
    w.Key("mcp");
    w.StartObject();
  }
  w.Key(format == ClientFormat::kMcpServers ? "mcpServers" : "servers");
  w.StartObject();
  for (const auto& [key, name] : servers) {
    w.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
    w.StartObject();
    w.Key("type");
    w.String("http");
    w.Key("url");
    std::string url = base_url + "/mcp/" + name;
    w.String(url.c_str(), static_cast<rapidjson::SizeType>(url.size()));
    w.EndObject();
  }
  w.EndObject();
  if (format == ClientFormat::kVsCodeSettings) w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace berth::specs::import
