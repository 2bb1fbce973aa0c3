#include "tools/bench/socket_tap.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace berth::bench {
namespace {

sockaddr_un address_of(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  return address;
}

std::int64_t unix_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A request line at the start of `bytes` ("GET /v1.41/… HTTP/1.1"), or "".
std::string request_line(const char* bytes, ssize_t size) {
  std::string text(bytes, static_cast<size_t>(size));
  size_t end = text.find("\r\n");
  if (end == std::string::npos || text.find(" HTTP/1.") > end) return "";
  return text.substr(0, end);
}

}  // namespace

SocketTap::SocketTap(std::string path, std::string engine_path)
    : path_(std::move(path)), engine_path_(std::move(engine_path)) {
  ::unlink(path_.c_str());
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address = address_of(path_);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(fd, 64) != 0) {
    ::close(fd);
    return;
  }
  listen_fd_ = fd;
  acceptor_ = std::thread([this] { accept_loop(); });
}

SocketTap::~SocketTap() {
  running_ = false;
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> threads;
  {
    MutexLock lock(mutex_);
    for (const auto& [client, relays] : connections_) ::shutdown(client, SHUT_RDWR);
    threads.swap(threads_);
  }
  for (std::thread& t : threads) t.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  ::unlink(path_.c_str());
}

std::vector<TappedRequest> SocketTap::requests() const {
  MutexLock lock(mutex_);
  return requests_;
}

void SocketTap::accept_loop() {
  while (running_) {
    pollfd ready{listen_fd_, POLLIN, 0};
    if (::poll(&ready, 1, 100) <= 0) continue;
    int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    int engine = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address = address_of(engine_path_);
    if (::connect(engine, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      ::close(client);
      ::close(engine);
      continue;
    }
    MutexLock lock(mutex_);
    connections_[client] = 2;
    threads_.emplace_back([this, client, engine] {
      relay(client, engine, true);
      finish(client, engine);
    });
    threads_.emplace_back([this, client, engine] {
      relay(engine, client, false);
      finish(client, engine);
    });
  }
}

// The second relay of a connection to end closes it.
void SocketTap::finish(int client, int engine) {
  MutexLock lock(mutex_);
  if (--connections_[client] > 0) return;
  connections_.erase(client);
  ::close(client);
  ::close(engine);
}

// Copies until either side closes, then shuts both down so the other direction ends too.
void SocketTap::relay(int from, int to, bool record) {
  char buffer[64 * 1024];
  while (true) {
    ssize_t n = ::read(from, buffer, sizeof(buffer));
    if (n <= 0) break;
    if (record) {
      std::string line = request_line(buffer, n);
      if (!line.empty()) {
        MutexLock lock(mutex_);
        requests_.push_back({unix_ns(), std::move(line)});
      }
    }
    for (ssize_t sent = 0; sent < n;) {
      ssize_t w = ::write(to, buffer + sent, static_cast<size_t>(n - sent));
      if (w <= 0) {
        n = -1;
        break;
      }
      sent += w;
    }
    if (n < 0) break;
  }
  ::shutdown(from, SHUT_RDWR);
  ::shutdown(to, SHUT_RDWR);
}

}  // namespace berth::bench
