#pragma once
// ConnectionSlot: one of an HttpServer's max_connections places, held by a connection while its
// socket is open. The listener takes one for each connection it accepts (none when the server is
// full: that connection is answered 503 and closed); the connection gives it back when it closes
// its socket (release()), or at the latest when it is destroyed. So the count follows sockets,
// not HttpConnection objects: a handler may hold a connection's Exchange, and with it the session,
// long after the client has gone (an MCP session keeps its GET stream's until it ends) without
// keeping another client out.
//
// Borrows the count, which must outlive the slot (it lives in the ServerContext the connection
// holds). Thread safety: the count is atomic; one slot is used on one strand.

#include <atomic>
#include <utility>

namespace berth::proxy::http {

class ConnectionSlot {
 public:
  // A slot counted in `open` if fewer than `limit` are taken; else one that holds none.
  [[nodiscard]] static ConnectionSlot take(std::atomic<int>& open, int limit);

  ConnectionSlot() = default;  // holds none
  ~ConnectionSlot() { release(); }
  ConnectionSlot(ConnectionSlot&& other) noexcept : open_(std::exchange(other.open_, nullptr)) {}
  ConnectionSlot& operator=(ConnectionSlot&& other) noexcept;
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

  [[nodiscard]] bool held() const { return open_ != nullptr; }
  // Gives the slot back; later calls do nothing.
  void release();

 private:
  explicit ConnectionSlot(std::atomic<int>& open) : open_(&open) {}

  std::atomic<int>* open_ = nullptr;
};

}  // namespace berth::proxy::http
