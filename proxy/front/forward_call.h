#pragma once
// ForwardCall: one client request relayed to a Streamable HTTP backend, in the shape of Beast's
// relay recipe. The backend's head becomes the client's (streamed, re-chunked; a complete answer
// when there is no body); each piece of body is written to the client as it arrives, and the
// next upstream read waits for that write's done(true) — back-pressure, so at most one piece
// (≤ 16 KiB) per forward sits in berth's memory. The backend's end ends the client's stream; a
// backend that breaks off mid-body leaves the client's response truncated (the connection is
// closed without the last chunk); a client that goes away (on_disconnect, or done(false)) closes
// the backend connection at once.
//
// Ownership: made by start(); kept alive by its upstream I/O and its pending chunk write; holds
// the Exchange until the answer is complete. Thread safety: everything runs on strand_ (a strand
// of the proxy's io_context); the Exchange's callbacks, which run on the connection's strand,
// are posted to it.

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "proxy/backends/local_http_exchange.h"
#include "proxy/front/forwarded_headers.h"
#include "proxy/front/http_forwarder.h"
#include "proxy/http/exchange.h"
#include "reconciler/route_table.h"
#include "specs/result.h"

namespace berth::proxy::front {

class ForwardCall : public std::enable_shared_from_this<ForwardCall> {
 public:
  static void start(boost::asio::io_context& io, const HttpForwarderOptions& options,
                    std::shared_ptr<http::Exchange> exchange, const reconciler::Route& route);

 private:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

  ForwardCall(boost::asio::io_context& io, const HttpForwarderOptions& options,
              std::shared_ptr<http::Exchange> exchange, const reconciler::Route& route);

  void run();
  void watch_client();
  void on_head(const UpstreamHead& head);
  bool on_body(std::string_view bytes);
  void on_written(bool written);
  void on_end(Status status);
  void on_client_gone();
  // Ends the client's answer once the backend has ended and no write is pending.
  void complete();
  // Answers 502 or 504 in place of the backend (before its head).
  void fail(const Error& error);
  void stop_upstream();

  Strand strand_;
  const HttpForwarderOptions options_;
  std::shared_ptr<http::Exchange> exchange_;  // null once the answer is complete
  const std::string server_;
  const int port_;
  const std::string path_;
  const std::string method_;
  std::shared_ptr<LocalHttpExchange> upstream_;  // null once it ended or was closed
  unsigned status_ = 0;                          // the backend's, once its head is in
  bool answered_ = false;                        // the client has a head (or a whole answer)
  bool streaming_ = false;                       // … and it is a stream
  bool writing_ = false;                         // a chunk is on its way to the client
  std::optional<Status> upstream_end_;           // how the backend's answer ended
};

}  // namespace berth::proxy::front
