#include "proxy/front/forwarded_headers.h"

#include <array>
#include <boost/beast/core/string.hpp>

namespace berth::proxy::front {

namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

namespace {

constexpr std::array<std::string_view, 7> kHopByHop = {
    "connection", "keep-alive",      "te", "trailer", "transfer-encoding",
    "upgrade",    "proxy-connection"};

// Never sent to a backend, besides hop-by-hop and Proxy-* headers.
constexpr std::array<std::string_view, 6> kKeptFromBackends = {
    "host", "authorization", "cookie", "origin", "content-length", "expect"};

// Never sent to a client, besides hop-by-hop and Proxy-* headers.
constexpr std::array<std::string_view, 2> kKeptFromClients = {"content-length", "set-cookie"};

bool iequals(std::string_view a, std::string_view b) {
  return beast::iequals(http::to_beast(a), http::to_beast(b));
}

template <std::size_t N>
bool listed(std::string_view name, const std::array<std::string_view, N>& names) {
  for (std::string_view entry : names) {
    if (iequals(name, entry)) return true;
  }
  return false;
}

bool is_proxy_header(std::string_view name) {
  return name.size() >= 6 && iequals(name.substr(0, 6), "proxy-");
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Whether the Connection header of a message names `name` (which makes it hop-by-hop).
bool named_by_connection(const beast_http::fields& fields, std::string_view name) {
  const auto [first, last] = fields.equal_range(beast_http::field::connection);
  for (auto connection = first; connection != last; ++connection) {
    std::string_view tokens = http::to_std(connection->value());
    while (!tokens.empty()) {
      const std::size_t comma = tokens.find(',');
      if (iequals(trim(tokens.substr(0, comma)), name)) return true;
      tokens = comma == std::string_view::npos ? std::string_view{} : tokens.substr(comma + 1);
    }
  }
  return false;
}

bool crosses(const beast_http::fields& from, std::string_view name) {
  return !is_hop_by_hop(name) && !is_proxy_header(name) && !named_by_connection(from, name);
}

}  // namespace

bool is_hop_by_hop(std::string_view name) { return listed(name, kHopByHop); }

std::string upstream_target(std::string_view path, std::string_view client_target) {
  std::string target;  // not "/" + std::string(path): GCC 12 warns falsely (-Wrestrict) on it
  if (!path.starts_with('/')) target += '/';
  target += path;
  const std::size_t query = client_target.find('?');
  if (query == std::string_view::npos || query + 1 == client_target.size()) return target;
  target += target.find('?') == std::string::npos ? '?' : '&';
  target += client_target.substr(query + 1);
  return target;
}

UpstreamRequest upstream_request(const http::Request& client, std::string_view path) {
  UpstreamRequest request(client.method(), upstream_target(path, http::to_std(client.target())),
                          11);
  for (const auto& field : client) {
    const std::string_view name = http::to_std(field.name_string());
    if (crosses(client, name) && !listed(name, kKeptFromBackends)) {
      request.insert(field.name_string(), field.value());
    }
  }
  request.body() = client.body();
  return request;
}

void copy_response_fields(const UpstreamHead& from, beast_http::fields& to) {
  for (const auto& field : from) {
    const std::string_view name = http::to_std(field.name_string());
    if (crosses(from, name) && !listed(name, kKeptFromClients)) {
      to.insert(field.name_string(), field.value());
    }
  }
}

}  // namespace berth::proxy::front
