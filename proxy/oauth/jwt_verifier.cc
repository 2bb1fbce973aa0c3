#include "proxy/oauth/jwt_verifier.h"

#include <rapidjson/document.h>

#include <cmath>
#include <optional>

#include "proxy/oauth/base64url.h"
#include "proxy/oauth/jwt_signature.h"

namespace berth::proxy::oauth {
namespace {

using Clock = std::chrono::system_clock;

struct Parts {
  std::string_view signing_input;  // header.payload, as signed
  std::string header;
  std::string payload;
  std::string signature;
};

std::optional<Parts> split(std::string_view token) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first == std::string_view::npos ? 0 : first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos ||
      token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto header = base64url_decode(token.substr(0, first));
  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  auto signature = base64url_decode(token.substr(second + 1));
  if (!header || !payload || !signature) return std::nullopt;
  return Parts{token.substr(0, second), std::move(*header), std::move(*payload),
               std::move(*signature)};
}

bool parse_object(const std::string& json, rapidjson::Document& document) {
  document.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  return !document.HasParseError() && document.IsObject();
}

std::optional<std::string> string_member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

bool has(const rapidjson::Value& object, const char* name) {
  return object.FindMember(name) != object.MemberEnd();
}

// A NumericDate in whole seconds since the epoch (compared as seconds: a far date such as
// 9999999999 would overflow a nanosecond time_point); nullopt when absent, error when no number.
Result<std::optional<int64_t>> numeric_date(const rapidjson::Value& claims, const char* name) {
  auto it = claims.FindMember(name);
  if (it == claims.MemberEnd()) return std::optional<int64_t>();
  if (!it->value.IsNumber() || !std::isfinite(it->value.GetDouble()) ||
      std::abs(it->value.GetDouble()) > 1e15) {
    return Error{std::string("the token's ") + name + " is not a date"};
  }
  return std::optional<int64_t>(static_cast<int64_t>(std::floor(it->value.GetDouble())));
}

// A string or a list of strings (`aud`, `scp`); anything else gives nothing.
std::vector<std::string> string_or_list(const rapidjson::Value& claims, const char* name) {
  std::vector<std::string> out;
  auto it = claims.FindMember(name);
  if (it == claims.MemberEnd()) return out;
  if (it->value.IsString()) out.emplace_back(it->value.GetString(), it->value.GetStringLength());
  if (!it->value.IsArray()) return out;
  for (const rapidjson::Value& item : it->value.GetArray()) {
    if (item.IsString()) out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

std::vector<std::string> scopes_of(const rapidjson::Value& claims) {
  auto scope = string_member(claims, "scope");
  if (!scope) return string_or_list(claims, "scp");
  std::vector<std::string> out;
  std::string_view rest = *scope;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    if (space != 0) out.emplace_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return out;
}

// The header's algorithm and key, or why the token cannot be verified.
Result<const Jwk*> key_for(const rapidjson::Document& header, const JwkSet& keys,
                           JwsAlgorithm& algorithm) {
  auto alg = string_member(header, "alg");
  if (!alg) return Error{"the token's header names no algorithm"};
  auto known = jws_algorithm(*alg);
  if (!known) return Error{"the token's algorithm is not accepted (RS256/384/512, ES256/384)"};
  if (has(header, "crit")) return Error{"the token's header has critical extensions"};
  auto kid = string_member(header, "kid");
  if (has(header, "kid") && !kid) return Error{"the token's kid is not a string"};
  const Jwk* key = keys.find(kid.value_or(""));
  if (key == nullptr) return Error{"the token's key is not in the issuer's key set", kUnknownKey};
  if (!key_suits(*key, *alg, *known)) return Error{"the token's algorithm does not fit its key"};
  algorithm = *known;
  return key;
}

Status check_times(const rapidjson::Value& claims, Clock::time_point now,
                   std::chrono::seconds skew) {
  const int64_t seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  auto exp = numeric_date(claims, "exp");
  if (!exp) return Error{exp.error()};
  if (!*exp) return Error{"the token has no expiry (exp)"};
  if (seconds - skew.count() >= **exp) return Error{"the token has expired"};
  auto nbf = numeric_date(claims, "nbf");
  if (!nbf) return Error{nbf.error()};
  if (*nbf && seconds + skew.count() < **nbf) return Error{"the token is not valid yet (nbf)"};
  return ok_status();
}

}  // namespace

Result<AccessToken> JwtVerifier::verify(std::string_view token, const JwkSet& keys,
                                        Clock::time_point now) const {
  if (token.size() > options_.max_token_size) return Error{"the token is too long"};
  auto parts = split(token);
  if (!parts) return Error{"the token is not a signed JWT"};
  rapidjson::Document header;
  if (!parse_object(parts->header, header)) return Error{"the token's header is not JSON"};
  JwsAlgorithm algorithm{};
  auto key = key_for(header, keys, algorithm);
  if (!key) return key.error_value();
  if (!signature_verifies(**key, algorithm, parts->signing_input, parts->signature)) {
    return Error{"the token's signature does not verify"};
  }
  rapidjson::Document claims;
  if (!parse_object(parts->payload, claims)) return Error{"the token's claims are not JSON"};
  if (string_member(claims, "iss") != options_.issuer) {
    return Error{"the token's issuer (iss) is not " + options_.issuer};
  }
  if (Status times = check_times(claims, now, options_.skew); !times) return times.error_value();
  return AccessToken{string_member(claims, "sub").value_or(""), string_or_list(claims, "aud"),
                     scopes_of(claims)};
}

}  // namespace berth::proxy::oauth
