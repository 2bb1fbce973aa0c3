#include "proxy/http/request_guard.h"

#include <algorithm>
#include <cctype>

#include "proxy/http/cors.h"
#include "proxy/http/router.h"

namespace berth::proxy::http {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.size() <= 5 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_loopback_name(std::string_view host) {
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

RequestGuard::RequestGuard(const HttpServerOptions& options)
    : auth_(options.bearer_token), has_authorizer_(options.authorizer != nullptr) {
  std::string address = lower(options.address);
  if (address.find(':') != std::string::npos) address = "[" + address + "]";
  hosts_.push_back(address);
  for (const std::string& host : options.allowed_hosts) hosts_.push_back(lower(host));
  for (const std::string& origin : options.allowed_origins) origins_.push_back(lower(origin));
}

std::string RequestGuard::host_name(std::string_view host_header) {
  std::string_view host = host_header;
  std::string_view port;
  if (host.starts_with('[')) {
    std::size_t close = host.find(']');
    if (close == std::string_view::npos) return "";
    port = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!port.empty() && !port.starts_with(':')) return "";
  } else if (std::size_t colon = host.find(':'); colon != std::string_view::npos) {
    port = host.substr(colon);
    host = host.substr(0, colon);
  }
  if (!port.empty() && !all_digits(port.substr(1))) return "";
  return lower(host);
}

bool RequestGuard::host_allowed(std::string_view host_header) const {
  std::string host = host_name(host_header);
  return !host.empty() && (is_loopback_name(host) || contains(hosts_, host));
}

bool RequestGuard::origin_allowed(std::string_view origin) const {
  std::string value = lower(origin);
  if (contains(origins_, value)) return true;
  std::string_view rest = value;
  if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else {
    return false;  // "null", file:, chrome-extension:, …
  }
  std::string host = host_name(rest);
  return is_loopback_name(host);
}

std::optional<Rejection> RequestGuard::check_host_and_origin(const Request& request) const {
  if (request.count(beast_http::field::host) != 1) {
    return Rejection{HttpStatus::bad_request, "the request needs exactly one Host header", ""};
  }
  std::string_view host = to_std(request[beast_http::field::host]);
  if (!host_allowed(host)) {
    return Rejection{
        HttpStatus::misdirected_request,
        "host '" + std::string(host) + "' is not allowed (DNS rebinding protection); use localhost",
        ""};
  }
  auto origin = request.find(beast_http::field::origin);
  if (origin != request.end() && !origin_allowed(to_std(origin->value()))) {
    return Rejection{HttpStatus::forbidden,
                     "origin '" + std::string(to_std(origin->value())) + "' is not allowed", ""};
  }
  return std::nullopt;
}

Admission RequestGuard::check(const Request& request) const {
  Admission admission;
  admission.rejection = check_host_and_origin(request);
  if (admission.rejection) return admission;
  if (auto origin = request.find(beast_http::field::origin); origin != request.end()) {
    admission.cors_origin = std::string(to_std(origin->value()));
  }
  if (is_preflight(request)) {
    admission.preflight = true;
    return admission;
  }
  const std::string_view path = target_path(to_std(request.target()));
  if (has_authorizer_ && !BearerAuth::is_open_path(path) && !auth_.accepts(request)) {
    admission.authorize = true;
    return admission;
  }
  admission.rejection = auth_.check(request, path);
  return admission;
}

}  // namespace berth::proxy::http
