#include "proxy/http/http_server.h"

#include "base/check.h"
#include "proxy/http/listener.h"

namespace berth::proxy::http {

HttpServer::HttpServer(boost::asio::io_context& io, HttpServerOptions options,
                       std::shared_ptr<const Router> router,
                       std::shared_ptr<RequestRecorder> metrics)
    : io_(io),
      options_(std::move(options)),
      router_(std::move(router)),
      metrics_(std::move(metrics)) {}

HttpServer::~HttpServer() { stop(); }

berth::Status HttpServer::start() {
  berth::Status bound = listen();
  if (bound.ok()) accept();
  return bound;
}

berth::Status HttpServer::listen() {
  auto context = std::make_shared<ServerContext>(options_, router_, metrics_);
  auto listener = std::make_shared<Listener>(io_, std::move(context));
  if (berth::Status status = listener->open(); !status.ok()) return status;
  listener_ = std::move(listener);
  return ok_status();
}

void HttpServer::accept() {
  BERTH_CHECK(listener_) << "accept() without a successful listen()";
  listener_->run();
}

void HttpServer::stop() {
  if (listener_) listener_->stop();
}

std::uint16_t HttpServer::port() const { return listener_ ? listener_->port() : 0; }

}  // namespace berth::proxy::http
