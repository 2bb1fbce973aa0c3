#pragma once
// Names shared by the proxy's HTTP server: the request and response types every handler sees.
// Plain aliases; no state, no thread affinity.

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string_view>

namespace berth::proxy::http {

namespace beast_http = boost::beast::http;

// A request as read off the wire, body included (bounded by the server's body limit).
using Request = beast_http::request<beast_http::string_body>;
// A complete response; the server sets Content-Length and keep-alive.
using Response = beast_http::response<beast_http::string_body>;
// The status and headers of a streamed response; its body follows in chunks.
using StreamHead = beast_http::response<beast_http::empty_body>;

using HttpStatus = beast_http::status;
using Verb = beast_http::verb;

// Beast 1.74 hands out boost::string_view; the rest of berth speaks std::string_view.
inline std::string_view to_std(boost::beast::string_view text) {
  return {text.data(), text.size()};
}
inline boost::beast::string_view to_beast(std::string_view text) {
  return {text.data(), text.size()};
}

}  // namespace berth::proxy::http
