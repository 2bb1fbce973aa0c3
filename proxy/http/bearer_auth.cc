#include "proxy/http/bearer_auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <boost/beast/core/string.hpp>
#include <cstdlib>

namespace berth::proxy::http {

namespace {

constexpr std::string_view kScheme = "Bearer";

Rejection unauthorized(std::string message) {
  return Rejection{HttpStatus::unauthorized, std::move(message), std::string(kBearerChallenge)};
}

}  // namespace

BearerAuth::BearerAuth(const std::optional<std::string>& token) {
  if (token) digest_ = sha256(*token);
}

bool BearerAuth::is_open_path(std::string_view path) {
  // The dashboard page holds no data; its script sends the token to /status.
  return path == "/healthz" || path == "/readyz" || path == "/" ||
         path.starts_with("/.well-known/");
}

bool BearerAuth::accepts(const Request& request) const {
  if (!digest_) return false;
  std::optional<std::string_view> presented = credential(request);
  if (!presented) return false;
  Digest digest = sha256(*presented);
  return CRYPTO_memcmp(digest.data(), digest_->data(), digest.size()) == 0;
}

BearerAuth::Digest BearerAuth::sha256(std::string_view text) {
  Digest digest{};
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 ||
      size != digest.size()) {
    // Only a broken libcrypto gets here; accepting requests unchecked is not an option.
    spdlog::critical("event=sha256-failed");
    std::abort();
  }
  return digest;
}

std::optional<std::string_view> BearerAuth::credential(const Request& request) {
  if (request.count(beast_http::field::authorization) != 1) return std::nullopt;
  std::string_view value = to_std(request[beast_http::field::authorization]);
  if (value.size() <= kScheme.size() ||
      !boost::beast::iequals(to_beast(value.substr(0, kScheme.size())), to_beast(kScheme)) ||
      value[kScheme.size()] != ' ') {
    return std::nullopt;
  }
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return value;
}

std::optional<Rejection> BearerAuth::check(const Request& request, std::string_view path) const {
  if (!digest_ || is_open_path(path)) return std::nullopt;
  std::optional<std::string_view> presented = credential(request);
  if (!presented) {
    return unauthorized("authentication required: send Authorization: Bearer <token>");
  }
  Digest digest = sha256(*presented);
  if (CRYPTO_memcmp(digest.data(), digest_->data(), digest.size()) != 0) {
    spdlog::info("event=auth-failed method={} path={} reason=wrong-token",
                 to_std(request.method_string()), path);
    return unauthorized("the bearer token is not valid");
  }
  return std::nullopt;
}

}  // namespace berth::proxy::http
