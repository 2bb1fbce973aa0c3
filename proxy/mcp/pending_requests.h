#pragma once
// PendingRequests: the requests berth itself sent to a backend, waiting for their answers.
//
// Each request has its own deadline timer; its handler is called exactly once: with the answer,
// with a timeout error, or with the reason the backend closed (fail_all, at once for every
// request). Handlers are never called from inside add(). Lives on the backend's io_context; not
// thread-safe.

#include <rapidjson/document.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "base/result.h"

namespace berth::proxy::mcp {

// The `result` member of a JSON-RPC response (as its own document), or why there is none.
using JsonRpcResult = Result<rapidjson::Document>;
using ResponseHandler = std::function<void(JsonRpcResult result)>;

class PendingRequests {
 public:
  explicit PendingRequests(boost::asio::io_context& io) : io_(io) {}
  ~PendingRequests();
  PendingRequests(const PendingRequests&) = delete;
  PendingRequests& operator=(const PendingRequests&) = delete;

  // Registers request `id`; after `timeout` it fails with a timeout error.
  void add(uint64_t id, std::string method, std::chrono::milliseconds timeout,
           ResponseHandler handler);
  // Delivers the answer to request `id`; false if no such request is pending (late or unknown).
  bool complete(uint64_t id, JsonRpcResult result);
  // Fails every pending request with `reason`.
  void fail_all(const Error& reason);
  size_t size() const { return pending_.size(); }

 private:
  struct Pending {
    std::string method;
    ResponseHandler handler;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };

  void on_timeout(uint64_t id, std::chrono::milliseconds timeout);

  boost::asio::io_context& io_;
  std::map<uint64_t, Pending> pending_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // expires with this object
};

}  // namespace berth::proxy::mcp
