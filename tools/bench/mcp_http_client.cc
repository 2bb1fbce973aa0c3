#include "tools/bench/mcp_http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace berth::bench {
namespace {

constexpr char kProtocolVersion[] = "2025-06-18";
constexpr std::size_t kReadChunk = 16 * 1024;

bool header_is(std::string_view line, std::string_view name) {
  return line.size() > name.size() && line[name.size()] == ':' &&
         strncasecmp(line.data(), name.data(), name.size()) == 0;
}

std::string_view header_value(std::string_view line, std::size_t name_size) {
  std::string_view value = line.substr(name_size + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return value;
}

}  // namespace

std::unique_ptr<McpHttpClient> McpHttpClient::connect(std::uint16_t port, std::string path,
                                                      std::string& error) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    error = "connect to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return nullptr;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval timeout{10, 0};  // a stalled server fails the call instead of hanging the bench
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return std::unique_ptr<McpHttpClient>(new McpHttpClient(fd, port, std::move(path)));
}

McpHttpClient::McpHttpClient(int fd, std::uint16_t port, std::string path)
    : fd_(fd), host_("127.0.0.1:" + std::to_string(port)), path_(std::move(path)) {}

McpHttpClient::~McpHttpClient() { ::close(fd_); }

bool McpHttpClient::initialize(std::string& error) {
  session_id_.clear();
  std::optional<HttpReply> reply =
      post(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")" +
           std::string(kProtocolVersion) +
           R"(","capabilities":{},"clientInfo":{"name":"bench_proxy","version":"1.0"}}})");
  if (!reply || reply->status != 200 || reply->body.find("\"result\"") == std::string::npos) {
    error = "initialize on " + path_ +
            " failed: " + (reply ? std::to_string(reply->status) + " " + reply->body : "no answer");
    return false;
  }
  session_id_ = reply->session_id;
  reply = post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  if (!reply || reply->status != 202) {
    error = "notifications/initialized on " + path_ +
            " failed: " + (reply ? std::to_string(reply->status) + " " + reply->body : "no answer");
    return false;
  }
  return true;
}

bool McpHttpClient::call_echo() {
  char body[160];
  int n = std::snprintf(body, sizeof body,
                        R"({"jsonrpc":"2.0","id":%lld,"method":"tools/call","params":)"
                        R"({"name":"echo","arguments":{"text":"hello from bench_proxy"}}})",
                        static_cast<long long>(next_id_++));
  std::optional<HttpReply> reply = post(std::string_view(body, static_cast<std::size_t>(n)));
  return reply && reply->status == 200 && reply->body.find("\"result\"") != std::string::npos;
}

bool McpHttpClient::end_session() {
  std::optional<HttpReply> reply = exchange("DELETE", "");
  return reply && reply->status >= 200 && reply->status < 300;
}

std::optional<HttpReply> McpHttpClient::post(std::string_view json) {
  return exchange("POST", json);
}

std::optional<HttpReply> McpHttpClient::exchange(std::string_view method, std::string_view json) {
  request_.assign(method);
  request_.append(" ").append(path_).append(" HTTP/1.1\r\nHost: ").append(host_);
  request_.append(
      "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
      "MCP-Protocol-Version: ");
  request_.append(kProtocolVersion).append("\r\n");
  if (!session_id_.empty()) request_.append("Mcp-Session-Id: ").append(session_id_).append("\r\n");
  if (method == "POST") request_.append("Content-Length: ").append(std::to_string(json.size()));
  request_.append(method == "POST" ? "\r\n\r\n" : "\r\n");
  request_.append(json);
  if (!send_all(request_)) return std::nullopt;
  return read_reply();
}

bool McpHttpClient::send_all(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool McpHttpClient::fill(std::size_t n) {
  while (buffer_.size() - read_at_ < n) {
    std::size_t old = buffer_.size();
    buffer_.resize(old + kReadChunk);
    if (quick_ack_) {  // not sticky: Linux may leave quick-ACK mode again, so before every read
      int one = 1;
      ::setsockopt(fd_, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    }
    ssize_t got = ::recv(fd_, buffer_.data() + old, kReadChunk, 0);
    buffer_.resize(old + (got > 0 ? static_cast<std::size_t>(got) : 0));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
  }
  return true;
}

std::optional<HttpReply> McpHttpClient::read_reply() {
  buffer_.erase(0, read_at_);
  read_at_ = 0;
  std::size_t head_end;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(buffer_.size() + 1)) return std::nullopt;
  }
  std::string_view head(buffer_.data(), head_end);
  HttpReply reply;
  if (head.size() < 12 || !head.starts_with("HTTP/1.")) return std::nullopt;
  reply.status = std::atoi(head.data() + 9);
  std::optional<std::size_t> length;
  bool chunked = false;
  for (std::size_t at = head.find("\r\n"); at != std::string_view::npos && at < head.size();) {
    std::size_t next = head.find("\r\n", at + 2);
    std::string_view line =
        head.substr(at + 2, next == std::string_view::npos ? next : next - at - 2);
    if (header_is(line, "content-length")) {
      length = static_cast<std::size_t>(std::atoll(header_value(line, 14).data()));
    } else if (header_is(line, "transfer-encoding")) {
      chunked = header_value(line, 17).find("chunked") != std::string_view::npos;
    } else if (header_is(line, "mcp-session-id")) {
      reply.session_id = std::string(header_value(line, 14));
    }
    at = next;
  }
  read_at_ = head_end + 4;
  if (chunked) {
    if (!read_chunked(reply.body)) return std::nullopt;
  } else if (length) {
    if (!fill(*length)) return std::nullopt;
    reply.body.assign(buffer_, read_at_, *length);
    read_at_ += *length;
  } else if (reply.status != 204 && reply.status != 304 && reply.status >= 200) {
    while (fill(buffer_.size() - read_at_ + 1)) {
    }  // no length: the body runs to the end of the connection
    reply.body.assign(buffer_, read_at_);
    read_at_ = buffer_.size();
  }
  return reply;
}

bool McpHttpClient::read_chunked(std::string& body) {
  bool last_seen = false;  // after the last (empty) chunk come trailers, up to a blank line
  for (;;) {
    std::size_t line_end;
    while ((line_end = buffer_.find("\r\n", read_at_)) == std::string::npos) {
      if (!fill(buffer_.size() - read_at_ + 1)) return false;
    }
    bool blank = line_end == read_at_;
    std::size_t size =
        last_seen || blank ? 0 : std::strtoul(buffer_.c_str() + read_at_, nullptr, 16);
    read_at_ = line_end + 2;
    if (last_seen) {
      if (blank) return true;
      continue;
    }
    if (size == 0) {
      last_seen = true;
      continue;
    }
    if (!fill(size + 2)) return false;
    body.append(buffer_, read_at_, size);
    read_at_ += size + 2;
  }
}

}  // namespace berth::bench
