#include "reconciler/docker/unix_http.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <mutex>

namespace berth::reconciler::docker {
namespace {

constexpr long kConnectTimeoutMs = 5000;
// A plain answer larger than this is not something the engine sends to berth's calls.
constexpr size_t kMaxBodyBytes = 64u << 20;
constexpr int kPollIntervalMs = 100;

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// What libcurl's callbacks fill in. `streaming` sends 2xx body bytes to `pending` for the caller
// to hand over outside libcurl.
struct Sink {
  HttpResponse response;
  bool streaming = false;
  std::string pending;
  char error[CURL_ERROR_SIZE] = {};
};

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

// The status code of "HTTP/1.1 200 OK", or 0.
int parse_status_line(std::string_view line) {
  size_t space = line.find(' ');
  if (space == std::string_view::npos) return 0;
  std::string_view code = line.substr(space + 1, 3);
  int status = 0;
  std::from_chars(code.data(), code.data() + code.size(), status);
  return status;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    sink->response.headers.clear();  // a new response (after a 1xx) starts over
    sink->response.status = parse_status_line(line);
    return line.size();
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    sink->response.headers[name] = trim(line.substr(colon + 1));
  }
  return line.size();
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t bytes = size * count;
  bool success = sink->response.status >= 200 && sink->response.status < 300;
  std::string& target = sink->streaming && success ? sink->pending : sink->response.body;
  if (target.size() + bytes > kMaxBodyBytes) return 0;  // aborts with CURLE_WRITE_ERROR
  target.append(data, bytes);
  return bytes;
}

// Sets up `handle` for `request`; `headers` must outlive the transfer.
void configure(CURL* handle, const std::string& socket_path, const HttpRequest& request,
               curl_slist* headers, Sink& sink) {
  std::string url = "http://localhost" + request.target;
  curl_easy_setopt(handle, CURLOPT_UNIX_SOCKET_PATH, socket_path.c_str());
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());  // copied by libcurl
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http");
  curl_easy_setopt(handle, CURLOPT_PROXY, "");
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, sink.error);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &sink);
  if (request.method == "POST") {
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());  // not copied
  } else if (request.method != "GET") {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
}

HeaderList make_headers(const HttpRequest& request) {
  curl_slist* list = curl_slist_append(nullptr, "Expect:");  // no 100-continue round trip
  if (!request.body.empty()) list = curl_slist_append(list, "Content-Type: application/json");
  return HeaderList(list);
}

// The error for a transfer that got no complete answer. Never mentions the request body.
Error transfer_error(CURL* handle, CURLcode code, const std::string& socket_path,
                     const HttpRequest& request, const Sink& sink) {
  if (code == CURLE_COULDNT_CONNECT) {
    long os_errno = 0;
    curl_easy_getinfo(handle, CURLINFO_OS_ERRNO, &os_errno);
    return Error{describe_connect_failure(socket_path, os_errno), 0};
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return Error{"the Docker engine at " + socket_path + " did not answer " + request.method +
                     " within " + std::to_string(request.timeout.count()) + " ms",
                 0};
  }
  std::string detail = sink.error[0] != '\0' ? sink.error : curl_easy_strerror(code);
  return Error{"lost the connection to the Docker engine at " + socket_path + ": " + detail, 0};
}

}  // namespace

std::string describe_connect_failure(const std::string& socket_path, long os_errno) {
  std::string prefix = "cannot reach the Docker engine at " + socket_path + ": ";
  switch (os_errno) {
    case ENOENT:
      return prefix + "no such file (is dockerd running?)";
    case EACCES:
    case EPERM:
      return prefix + "permission denied (is the user in the docker group?)";
    case ECONNREFUSED:
      return prefix + "connection refused (is dockerd running?)";
    case ENOTSOCK:
      return prefix + "not a socket";
    case 0:
      return prefix + "connection failed";
    default:
      return prefix + std::strerror(static_cast<int>(os_errno));
  }
}

UnixHttpClient::UnixHttpClient(std::string socket_path) : socket_path_(std::move(socket_path)) {
  init_curl_once();
}

void UnixHttpClient::abort_calls() const { aborted_.store(true); }

Result<HttpResponse> UnixHttpClient::send(const HttpRequest& request) const {
  auto outcome = stream(request, nullptr, [] { return true; });
  if (!outcome) return Error{outcome.error_value()};
  return std::move(outcome).value().response;
}

Result<StreamOutcome> UnixHttpClient::stream(const HttpRequest& request,
                                             const std::function<void(std::string_view)>& on_body,
                                             const std::function<bool()>& keep_going) const {
  if (aborted_.load()) return Error{"berth is stopping: the Docker call was not made", 0};
  EasyHandle handle(curl_easy_init());
  MultiHandle multi(curl_multi_init());
  if (!handle || !multi) return Error{"cannot create a libcurl handle", 0};
  Sink sink;
  sink.streaming = static_cast<bool>(on_body);
  HeaderList headers = make_headers(request);
  configure(handle.get(), socket_path_, request, headers.get(), sink);
  curl_multi_add_handle(multi.get(), handle.get());
  StreamOutcome outcome;
  bool aborted = false;
  int running = 1;
  while (running > 0) {
    curl_multi_perform(multi.get(), &running);
    if (!sink.pending.empty()) {
      std::string chunk;
      chunk.swap(sink.pending);
      on_body(chunk);
    }
    if (running == 0) break;
    aborted = aborted_.load();
    if (aborted || !keep_going()) {
      outcome.stopped = true;
      break;
    }
    curl_multi_poll(multi.get(), nullptr, 0, kPollIntervalMs, nullptr);
  }
  CURLcode code = CURLE_OK;
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
    if (message->msg == CURLMSG_DONE) code = message->data.result;
  }
  curl_multi_remove_handle(multi.get(), handle.get());
  if (aborted) return Error{"berth is stopping: the Docker call was abandoned", 0};
  if (!outcome.stopped && code != CURLE_OK) {
    return transfer_error(handle.get(), code, socket_path_, request, sink);
  }
  outcome.response = std::move(sink.response);
  return outcome;
}

}  // namespace berth::reconciler::docker
