#include "proxy/mcp/pending_requests.h"

#include <utility>
#include <vector>

#include "base/check.h"

namespace berth::proxy::mcp {

PendingRequests::~PendingRequests() { fail_all(Error{"backend destroyed"}); }

void PendingRequests::add(uint64_t id, std::string method, std::chrono::milliseconds timeout,
                          ResponseHandler handler) {
  BERTH_CHECK(!pending_.contains(id)) << "request id " << id << " issued twice";
  auto timer = std::make_unique<boost::asio::steady_timer>(io_, timeout);
  // A wait that already fired may still be queued after the request completed or after this
  // object died: the id lookup covers the first, the liveness token the second.
  timer->async_wait(
      [this, alive = std::weak_ptr<int>(alive_), id, timeout](boost::system::error_code ec) {
        if (!ec && !alive.expired()) on_timeout(id, timeout);
      });
  pending_.emplace(id, Pending{std::move(method), std::move(handler), std::move(timer)});
}

bool PendingRequests::complete(uint64_t id, JsonRpcResult result) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return false;
  Pending pending = std::move(it->second);
  pending_.erase(it);
  pending.timer->cancel();
  pending.handler(std::move(result));
  return true;
}

void PendingRequests::fail_all(const Error& reason) {
  std::map<uint64_t, Pending> failing;
  failing.swap(pending_);
  for (auto& [id, pending] : failing) {
    pending.timer->cancel();
    pending.handler(Error{pending.method + ": " + reason.message, reason.code});
  }
}

void PendingRequests::on_timeout(uint64_t id, std::chrono::milliseconds timeout) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  const std::string method = it->second.method;
  complete(id, Error{method + ": no answer within " + std::to_string(timeout.count()) + " ms"});
}

}  // namespace berth::proxy::mcp
