// McpHttpClient: a lean MCP Streamable HTTP client for the proxy benchmark — one keep-alive
// HTTP/1.1 connection to 127.0.0.1:<port> over a blocking TCP socket (Nagle off), one request at
// a time, so the client costs little next to what it measures. It sends the headers the
// transport asks for (Content-Type, Accept, MCP-Protocol-Version, Mcp-Session-Id once known) and
// reads answers with Content-Length or chunked bodies. Loopback only, by construction.
// Thread safety: none; one thread uses one client.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace berth::bench {

struct HttpReply {
  int status = 0;
  std::string session_id;  // the Mcp-Session-Id header, "" if none
  std::string body;
};

class McpHttpClient {
 public:
  // Connects to 127.0.0.1:port for the MCP endpoint `path`; nullptr with `error` if it cannot.
  static std::unique_ptr<McpHttpClient> connect(std::uint16_t port, std::string path,
                                                std::string& error);
  ~McpHttpClient();
  McpHttpClient(const McpHttpClient&) = delete;
  McpHttpClient& operator=(const McpHttpClient&) = delete;

  // POSTs one JSON-RPC message; the reply, or nullopt if the connection failed.
  std::optional<HttpReply> post(std::string_view json);
  // initialize (in a new session: the id it answers replaces any earlier one) +
  // notifications/initialized; false with `error` unless both were accepted.
  bool initialize(std::string& error);
  // tools/call echo with a short text and a fresh id; true if a result came back.
  bool call_echo();
  // DELETE of the session; true if it was accepted.
  bool end_session();

  // With `on`, the client asks for an immediate ACK (TCP_QUICKACK) after every read, so a
  // server that writes one answer in several small segments without TCP_NODELAY is not held
  // by Nagle until the client's delayed ACK (~40 ms). A diagnostic: real clients do not.
  void set_quick_ack(bool on) { quick_ack_ = on; }

  [[nodiscard]] const std::string& session_id() const { return session_id_; }
  // Sends `id` as Mcp-Session-Id from now on (to end a session opened on another connection).
  void use_session(std::string id) { session_id_ = std::move(id); }

 private:
  McpHttpClient(int fd, std::uint16_t port, std::string path);
  bool send_all(std::string_view data);
  std::optional<HttpReply> exchange(std::string_view method, std::string_view json);
  std::optional<HttpReply> read_reply();
  // Makes sure `n` bytes are buffered from `read_at_`; false at EOF or error.
  bool fill(std::size_t n);
  bool read_chunked(std::string& body);

  int fd_;
  std::string host_;
  std::string path_;
  std::string session_id_;
  std::int64_t next_id_ = 1;
  std::string request_;  // reused for each request
  std::string buffer_;   // bytes received and not yet consumed, from read_at_
  std::size_t read_at_ = 0;
  bool quick_ack_ = false;
};

}  // namespace berth::bench
