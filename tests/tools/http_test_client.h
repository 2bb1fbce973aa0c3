// HttpTestClient sends HTTP/1.1 requests to a server under test over one keep-alive connection,
// each bounded by a timeout. It never reconnects on its own, so a test can tell whether the
// server kept the connection open. Thread safety: none; one test thread owns a client.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "tests/tools/test_connection.h"

namespace berth::test_support {

struct HttpTestResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case.
  bool keep_alive = false;
  // The value of a header (any case), or "" if absent.
  [[nodiscard]] std::string header(std::string name) const;
};

struct HttpTestResult {
  std::string error;          // non-empty if the exchange failed (connect, write, read, timeout).
  HttpTestResponse response;  // read_raw_until() leaves the raw bytes in response.body.
  [[nodiscard]] bool ok() const { return error.empty(); }
};

class HttpTestClient {
 public:
  using Duration = std::chrono::milliseconds;
  static constexpr Duration kDefaultTimeout{5000};

  explicit HttpTestClient(std::uint16_t port, std::string host = "127.0.0.1")
      : host_(std::move(host)), port_(port) {}

  // Sends one request, connecting first if no connection is open. headers: extra fields.
  [[nodiscard]] HttpTestResult request(boost::beast::http::verb method, const std::string& target,
                                       const std::string& body = "",
                                       const std::map<std::string, std::string>& headers = {},
                                       Duration timeout = kDefaultTimeout);

  // Lower-level steps for tests of protocol details: raw bytes out (connecting first if
  // needed), raw bytes in up to and including a delimiter, and the next final response.
  [[nodiscard]] std::string send_raw(const std::string& bytes, Duration timeout = kDefaultTimeout);
  [[nodiscard]] HttpTestResult read_raw_until(const std::string& delimiter,
                                              Duration timeout = kDefaultTimeout);
  [[nodiscard]] HttpTestResult read_response(Duration timeout = kDefaultTimeout);

  // POSTs a JSON-RPC message with the headers MCP clients send.
  [[nodiscard]] HttpTestResult post_json(const std::string& target, const std::string& json,
                                         const std::map<std::string, std::string>& headers = {},
                                         Duration timeout = kDefaultTimeout);

  // Sends FIN on the open connection, still reading: the server sees the client leave while the
  // client can still read what was already sent.
  void half_close() { connection_.shutdown_send(); }
  // Closes the connection at once, unread bytes and all.
  void close() { connection_.close(); }

  // How many TCP connections this client has opened so far.
  [[nodiscard]] int connections_opened() const { return connections_opened_; }

 private:
  [[nodiscard]] std::string ensure_connected(Duration timeout);

  std::string host_;
  std::uint16_t port_;
  TestConnection connection_;
  int connections_opened_ = 0;
};

}  // namespace berth::test_support
