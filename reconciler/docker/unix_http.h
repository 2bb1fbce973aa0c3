#pragma once
// UnixHttpClient: HTTP/1.1 exchanges with a server on a unix socket (the Docker engine), built on
// libcurl easy handles; plain exchanges collect the whole answer, streamed ones hand the body over
// as it arrives.
//
// Never reaches the network: the socket path is the only transport, proxies are disabled and
// redirects are not followed. Request bodies may hold secrets (container env) and are never
// copied into an error. Thread safety: the object holds its immutable socket path and an atomic
// abort flag, and every call uses its own easy handle, so any number of threads may call at once.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "base/result.h"

namespace berth::reconciler::docker {

struct HttpRequest {
  std::string method = "GET";
  std::string target;  // path and query, already escaped: "/v1.41/containers/json?all=1"
  std::string body;    // JSON, sent as application/json when not empty; may hold secrets
  // Whole exchange; zero means no limit (streams). Connecting has its own short limit.
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased; the last value wins
  std::string body;
};

// How a streamed exchange ended when the engine did answer.
struct StreamOutcome {
  bool stopped = false;   // keep_going turned false; otherwise the server ended the body
  HttpResponse response;  // status and headers; body only when the status is not 2xx
};

class UnixHttpClient {
 public:
  explicit UnixHttpClient(std::string socket_path);

  const std::string& socket_path() const { return socket_path_; }

  // The answer, whatever its status; an error (code 0) when none came, naming the socket and the
  // cause (missing, permission denied, refused, timed out, connection lost).
  Result<HttpResponse> send(const HttpRequest& request) const;

  // Sends `request` and hands each piece of a 2xx body to `on_body` from the calling thread
  // (never from inside libcurl), until the body ends, the connection breaks (an error) or
  // `keep_going` returns false; `keep_going` is asked at least every 100 ms.
  // A null `on_body` collects the body into the outcome's response, as send() does.
  Result<StreamOutcome> stream(const HttpRequest& request,
                               const std::function<void(std::string_view)>& on_body,
                               const std::function<bool()>& keep_going) const;

  // Makes every exchange in progress end within about 100 ms, and every later one fail at once,
  // with an error (code 0). For shutdown: threads sitting in a call can then be joined.
  void abort_calls() const;

 private:
  std::string socket_path_;
  mutable std::atomic<bool> aborted_{false};
};

// The message for a failed connect to `socket_path` with errno `os_errno`, e.g. "cannot reach the
// Docker engine at /var/run/docker.sock: no such file (is dockerd running?)".
std::string describe_connect_failure(const std::string& socket_path, long os_errno);

}  // namespace berth::reconciler::docker
