#include "tools/berth/oauth_options.h"

namespace berth::cli {
namespace {

// The host[:port] of an http(s) URL, or nullopt when it is none.
std::optional<std::string> authority(std::string_view url) {
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.empty() || rest.find('@') != std::string_view::npos) return std::nullopt;
  return std::string(rest);
}

std::string host_of(const std::string& authority) {
  if (authority.starts_with('[')) return authority.substr(0, authority.find(']') + 1);
  return authority.substr(0, authority.find(':'));
}

Result<std::string> public_url(const CommandLine& line, const std::string& listen_host,
                               unsigned listen_port) {
  auto given = line.value("--public-url");
  if (!given) {
    if (listen_port == 0) return Error{"--public-url is needed with --listen HOST:0"};
    const bool v6 = listen_host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + listen_host + "]" : listen_host) + ":" +
           std::to_string(listen_port);
  }
  std::string url = *given;
  while (url.ends_with('/')) url.pop_back();
  auto host = authority(url);
  if (!host || url.find_first_of("?#") != std::string::npos ||
      url.find('/', url.find("//") + 2) != std::string::npos) {
    return Error{"--public-url \"" + *given +
                 "\" must be http(s)://HOST[:PORT], without a path (berth serves /mcp/{name} and "
                 "its metadata at the root)"};
  }
  return url;
}

}  // namespace

Result<std::optional<OAuthOptions>> parse_oauth_options(const CommandLine& line,
                                                        const std::string& listen_host,
                                                        unsigned listen_port) {
  auto issuer = line.value("--oauth-issuer");
  auto jwks = line.value("--oauth-jwks");
  if (!issuer && !jwks) return std::optional<OAuthOptions>();
  if (!issuer || !jwks) return Error{"--oauth-issuer and --oauth-jwks go together"};
  if (!authority(*issuer)) return Error{"--oauth-issuer \"" + *issuer + "\" is not an http(s) URL"};
  if (jwks->empty()) return Error{"--oauth-jwks needs a file or an http(s) URL"};
  auto url = public_url(line, listen_host, listen_port);
  if (!url) return Error{url.error()};
  return std::optional<OAuthOptions>(OAuthOptions{*issuer, *jwks, *url, host_of(*authority(*url))});
}

}  // namespace berth::cli
