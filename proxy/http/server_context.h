#pragma once
// ServerContext: what the listener and every session of one HttpServer share — the options, the
// router, the request guard, the metrics registry (null: nothing is recorded) and the count of
// open connections. Created once at start and held by shared_ptr, so sessions still running
// after the server stops never dangle.
// Thread safety: immutable but for `connections`, which is atomic, and the registry, which is
// thread-safe.

#include <atomic>
#include <memory>

#include "proxy/http/request_guard.h"
#include "proxy/http/request_recorder.h"
#include "proxy/http/router.h"
#include "proxy/http/server_options.h"

namespace berth::proxy::http {

struct ServerContext {
  ServerContext(HttpServerOptions server_options, std::shared_ptr<const Router> server_router,
                std::shared_ptr<RequestRecorder> server_metrics = nullptr)
      : options(std::move(server_options)),
        router(std::move(server_router)),
        guard(options),
        metrics(std::move(server_metrics)) {}

  const HttpServerOptions options;
  const std::shared_ptr<const Router> router;
  const RequestGuard guard;
  const std::shared_ptr<RequestRecorder> metrics;  // null: no recording
  std::atomic<int> connections{0};                 // open sockets holding a ConnectionSlot
};

}  // namespace berth::proxy::http
