#include "tests/proxy/front/fake_backend.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace berth::proxy::front::testing {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// A socket bound to 127.0.0.1 on an ephemeral port, or -1.
int bind_loopback(std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return -1;
  }
  port = ntohs(address.sin_port);
  return fd;
}

bool wait_readable(int fd, std::chrono::milliseconds timeout) {
  pollfd entry{.fd = fd, .events = POLLIN, .revents = 0};
  return ::poll(&entry, 1, static_cast<int>(timeout.count())) == 1;
}

// Parses "Name: value" lines of a request head (after its request line) into `request`.
void parse_headers(std::string_view lines, ReceivedRequest& request) {
  while (!lines.empty()) {
    const std::size_t end = lines.find("\r\n");
    const std::string_view line = lines.substr(0, end);
    lines = end == std::string_view::npos ? std::string_view{} : lines.substr(end + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
}

}  // namespace

bool ReceivedRequest::has(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return true;
  }
  return false;
}

std::string ReceivedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return "";
}

bool BackendConnection::read_more(std::chrono::milliseconds timeout) {
  if (!wait_readable(fd_, timeout)) return false;
  char buffer[4096];
  const ssize_t got = ::recv(fd_, buffer, sizeof(buffer), 0);
  if (got <= 0) return false;
  pending_.append(buffer, static_cast<std::size_t>(got));
  return true;
}

std::optional<ReceivedRequest> BackendConnection::read_request(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto left = [deadline] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                 std::chrono::steady_clock::now());
  };
  std::size_t head_end;
  while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
    if (!read_more(left())) return std::nullopt;
  }
  ReceivedRequest request;
  const std::string_view head(pending_.data(), head_end + 2);
  const std::size_t line_end = head.find("\r\n");
  const std::string_view line = head.substr(0, line_end);
  request.method = std::string(line.substr(0, line.find(' ')));
  const std::size_t target_start = line.find(' ') + 1;
  request.target = std::string(line.substr(target_start, line.rfind(' ') - target_start));
  parse_headers(head.substr(line_end + 2), request);
  const std::size_t length = std::strtoul(request.header("Content-Length").c_str(), nullptr, 10);
  pending_.erase(0, head_end + 4);
  while (pending_.size() < length) {
    if (!read_more(left())) return std::nullopt;
  }
  request.body = pending_.substr(0, length);
  pending_.erase(0, length);
  return request;
}

bool BackendConnection::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

std::size_t BackendConnection::write_until_stalled(std::string_view block, std::size_t limit,
                                                   std::chrono::milliseconds stall) {
  std::size_t written = 0;
  std::size_t offset = 0;
  while (written < limit) {
    pollfd entry{.fd = fd_, .events = POLLOUT, .revents = 0};
    if (::poll(&entry, 1, static_cast<int>(stall.count())) != 1) break;
    const ssize_t sent =
        ::send(fd_, block.data() + offset, block.size() - offset, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent <= 0) break;
    written += static_cast<std::size_t>(sent);
    offset = (offset + static_cast<std::size_t>(sent)) % block.size();
  }
  return written;
}

bool BackendConnection::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (!wait_readable(fd_, left)) return false;
    char buffer[4096];
    if (::recv(fd_, buffer, sizeof(buffer), 0) <= 0) return true;
  }
  return false;
}

std::string chunk(std::string_view data) {
  char size[32];
  std::snprintf(size, sizeof(size), "%zx\r\n", data.size());
  return std::string(size) + std::string(data) + "\r\n";
}

FakeBackend::FakeBackend(Script script) : script_(std::move(script)) {
  listen_fd_ = bind_loopback(port_);
  if (listen_fd_ >= 0 && ::listen(listen_fd_, 16) == 0) {
    thread_ = std::thread([this] { serve(); });
  }
}

FakeBackend::~FakeBackend() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void FakeBackend::serve() {
  while (!stopping_) {
    if (!wait_readable(listen_fd_, 20ms)) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    BackendConnection connection(fd);
    script_(connection);
    ::close(fd);
  }
}

std::uint16_t unused_port() {
  std::uint16_t port = 0;
  const int fd = bind_loopback(port);
  if (fd >= 0) ::close(fd);
  return port;
}

}  // namespace berth::proxy::front::testing
