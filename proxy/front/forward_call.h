#pragma once
// ForwardCall: one client request relayed to a Streamable HTTP backend, in the shape of Beast's
// relay recipe, on a connection from the forwarder's UpstreamPool (kept alive between calls).
//
// The answer reaches the client in one of three shapes, chosen by the backend's head:
//   - no body (204, 304, Content-Length: 0): a complete answer at once;
//   - a Content-Length body of at most kWholeBodyLimit, not an event stream: read whole, then
//     passed on as one complete answer (one write, no chunking); a JSON answer to a POST is this;
//   - anything else (an event stream, a large or unknown-length body): streamed, re-chunked;
//     each piece of body is written to the client as it arrives, and upstream reading pauses
//     while kMaxWritesPending pieces wait for their write's done(true) — back-pressure, so at
//     most two pieces (≤ 16 KiB each) per forward sit in berth's memory. The backend's end ends
//     the client's stream; a short event stream (head, an event, the end, read at once) leaves
//     as one write.
// A backend that breaks off mid-body leaves the client's response truncated (what arrived is
// streamed, then the connection is closed without the last chunk; a whole-body answer of which
// nothing arrived becomes a 502) — except an event stream answering a POST, which berth ends
// cleanly after a JSON-RPC error event for each request not answered yet (UnansweredRequests); a
// client that goes away (on_disconnect, or done(false)) closes the backend connection at once, so
// it never returns to the pool.
//
// Ownership: made by start(); kept alive by its upstream I/O and its pending chunk write; holds
// the Exchange until the answer is complete, and a share of the pool. Thread safety: everything
// runs on the proxy's io_context, which one thread runs (its own executor, not a strand: the
// pool's sockets carry that executor from call to call); the Exchange's callbacks, which run on
// the connection's strand, are posted to it.

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "proxy/backends/local_http_exchange.h"
#include "proxy/backends/upstream_pool.h"
#include "proxy/front/forwarded_headers.h"
#include "proxy/front/http_forwarder.h"
#include "proxy/front/unanswered_requests.h"
#include "proxy/http/exchange.h"
#include "reconciler/handoff/route_table.h"

namespace berth::proxy::front {

class ForwardCall : public std::enable_shared_from_this<ForwardCall> {
 public:
  // The largest Content-Length body passed on whole rather than streamed.
  static constexpr std::size_t kWholeBodyLimit = std::size_t{1} << 20;

  static void start(boost::asio::io_context& io, const HttpForwarderOptions& options,
                    std::shared_ptr<UpstreamPool> pool, std::shared_ptr<http::Exchange> exchange,
                    const reconciler::Route& route);

 private:
  // What the client has been given so far.
  enum class Answer {
    kNone,       // nothing yet
    kComplete,   // a complete answer without body
    kGathering,  // nothing yet; the whole answer is being gathered in whole_
    kStreaming,  // a stream head, and maybe chunks
  };

  ForwardCall(boost::asio::io_context& io, const HttpForwarderOptions& options,
              std::shared_ptr<UpstreamPool> pool, std::shared_ptr<http::Exchange> exchange,
              const reconciler::Route& route);

  void run();
  void watch_client();
  void on_head(const UpstreamHead& head);
  void start_streaming(http::StreamHead head);
  bool on_body(std::string_view bytes);
  void write_to_client(std::string bytes);
  void on_written(bool written);
  void on_end(Status status);
  // The gathered whole answer is complete (ok) or broke off.
  void end_whole(Status status);
  void on_client_gone();
  // Ends the client's answer once the backend has ended and no write is pending.
  void complete();
  // Answers 502 or 504 in place of the backend (before its head).
  void fail(const Error& error);
  void stop_upstream();

  boost::asio::io_context& io_;
  const HttpForwarderOptions options_;
  std::shared_ptr<UpstreamPool> pool_;
  std::shared_ptr<http::Exchange> exchange_;  // null once the answer is complete
  const std::string server_;
  const int port_;
  const std::string path_;
  const std::string method_;
  std::shared_ptr<LocalHttpExchange> upstream_;  // null once it ended or was closed
  unsigned status_ = 0;                          // the backend's, once its head is in
  Answer answer_ = Answer::kNone;
  // A POST answered as an event stream: its requests not answered yet (for a stream broken off).
  std::optional<UnansweredRequests> unanswered_;
  std::optional<http::Response> whole_;  // the whole answer being gathered, until it is sent
  // Pieces written to the client whose done() has not come back; reading pauses at the limit.
  static constexpr int kMaxWritesPending = 2;
  int writes_pending_ = 0;
  std::optional<Status> upstream_end_;  // how the backend's answer ended
};

}  // namespace berth::proxy::front
