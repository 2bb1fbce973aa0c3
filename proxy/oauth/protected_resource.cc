#include "proxy/oauth/protected_resource.h"

#include "proxy/http/json_writer.h"

namespace berth::proxy::oauth {
namespace {

std::vector<std::string_view> segments_of(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.starts_with('/')) return segments;
  path.remove_prefix(1);
  for (;;) {
    const std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return segments;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

ProtectedResource protected_resource(std::string_view request_path) {
  const std::vector<std::string_view> s = segments_of(request_path);
  if (s.size() == 1 && s[0] == "mcp") return {"/mcp", ""};
  if (s.size() >= 2 && (s[0] == "mcp" || s[0] == "sse") && !s[1].empty()) {
    return {"/" + std::string(s[0]) + "/" + std::string(s[1]), std::string(s[1])};
  }
  if (s.size() == 3 && s[0] == "groups" && !s[1].empty() && s[2] == "mcp") {
    return {"/groups/" + std::string(s[1]) + "/mcp", ""};
  }
  return {};
}

std::string resource_url(std::string_view public_url, const ProtectedResource& r) {
  return std::string(public_url) + r.path;
}

std::string metadata_url(std::string_view public_url, const ProtectedResource& r) {
  return std::string(public_url) + std::string(kMetadataPrefix) + r.path;
}

std::string metadata_json(std::string_view public_url, std::string_view issuer,
                          const ProtectedResource& resource,
                          const std::vector<std::string>& scopes) {
  http::JsonWriter json;
  json.start_object();
  json.key("resource");
  json.string(resource_url(public_url, resource));
  json.key("authorization_servers");
  json.start_array();
  json.string(issuer);
  json.end_array();
  json.key("bearer_methods_supported");
  json.start_array();
  json.string("header");
  json.end_array();
  if (!scopes.empty()) {
    json.key("scopes_supported");
    json.start_array();
    for (const std::string& scope : scopes) json.string(scope);
    json.end_array();
  }
  json.end_object();
  return json.str();
}

}  // namespace berth::proxy::oauth
