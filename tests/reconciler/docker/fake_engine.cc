#include "tests/reconciler/docker/fake_engine.h"

#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace berth::reconciler::docker::testing {
namespace {

std::string make_temp_directory() {
  char pattern[] = "/tmp/berth-fake-engine-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string read_request_head(int fd) {
  std::string head;
  char buffer[4096];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < (1u << 20)) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got <= 0) break;
    head.append(buffer, static_cast<size_t>(got));
  }
  return head;
}

}  // namespace

FakeEngine::FakeEngine(Handler handler, std::string socket_path)
    : handler_(std::move(handler)), socket_path_(std::move(socket_path)) {
  if (socket_path_.empty()) {
    directory_ = make_temp_directory();
    socket_path_ = directory_ + "/docker.sock";
  }
  listener_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path_.c_str());
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener_, 16) != 0) {
    throw std::runtime_error("cannot listen on " + socket_path_ + ": " + std::strerror(errno));
  }
  acceptor_ = std::thread([this] { accept_loop(); });
}

FakeEngine::~FakeEngine() {
  stopping_ = true;
  acceptor_.join();
  ::close(listener_);
  std::vector<std::thread> connections;
  {
    MutexLock lock(mutex_);
    connections.swap(connections_);
  }
  for (auto& connection : connections) connection.join();
  ::unlink(socket_path_.c_str());
  if (!directory_.empty()) ::rmdir(directory_.c_str());
}

std::vector<std::string> FakeEngine::request_lines() const {
  MutexLock lock(mutex_);
  return request_lines_;
}

bool FakeEngine::peer_open(int fd, int wait_ms) const {
  if (stopping_) return false;
  pollfd entry{fd, POLLIN, 0};
  if (::poll(&entry, 1, wait_ms) <= 0) return true;
  char byte;
  return ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

void FakeEngine::accept_loop() {
  while (!stopping_) {
    pollfd entry{listener_, POLLIN, 0};
    if (::poll(&entry, 1, 20) <= 0) continue;
    int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    MutexLock lock(mutex_);
    connections_.emplace_back([this, fd] { serve(fd); });
  }
}

void FakeEngine::serve(int fd) {
  std::string head = read_request_head(fd);
  std::string line = head.substr(0, head.find("\r\n"));
  {
    MutexLock lock(mutex_);
    request_lines_.push_back(line);
  }
  handler_(line, fd);
  ::close(fd);
}

void FakeEngine::write_raw(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) return;
    bytes.remove_prefix(static_cast<size_t>(sent));
  }
}

void FakeEngine::write_response(int fd, int status, std::string_view body,
                                std::string_view api_version) {
  std::string head = "HTTP/1.1 " + std::to_string(status) +
                     " Fake\r\nApi-Version: " + std::string(api_version) +
                     "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n";
  write_raw(fd, head + std::string(body));
}

void FakeEngine::write_chunk(int fd, std::string_view data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  write_raw(fd, std::string(size) + std::string(data) + "\r\n");
}

}  // namespace berth::reconciler::docker::testing
