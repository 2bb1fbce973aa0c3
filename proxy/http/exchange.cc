#include "proxy/http/exchange.h"

#include <boost/asio/dispatch.hpp>

namespace berth::proxy::http {

namespace asio = boost::asio;

Exchange::Exchange(std::shared_ptr<HttpConnection> session, std::uint64_t id, Request request,
                   RouteParams params)
    : session_(std::move(session)),
      id_(id),
      request_(std::move(request)),
      params_(std::move(params)) {}

Exchange::~Exchange() {
  asio::dispatch(session_->executor(), [session = session_, id = id_] { session->abandon(id); });
}

std::string_view Exchange::path() const { return target_path(to_std(request_.target())); }

std::string_view Exchange::param(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> Exchange::query(std::string_view name) const {
  return query_parameter(to_std(request_.target()), name);
}

void Exchange::respond(Response response) {
  asio::dispatch(session_->executor(),
                 [session = session_, id = id_, response = std::move(response)]() mutable {
                   session->respond(id, std::move(response));
                 });
}

void Exchange::start_stream(StreamHead head) {
  asio::dispatch(session_->executor(),
                 [session = session_, id = id_, head = std::move(head)]() mutable {
                   session->start_stream(id, std::move(head));
                 });
}

void Exchange::write(std::string chunk, WriteDone done) {
  asio::dispatch(session_->executor(), [session = session_, id = id_, chunk = std::move(chunk),
                                        done = std::move(done)]() mutable {
    session->write_chunk(id, std::move(chunk), std::move(done));
  });
}

void Exchange::end() {
  asio::dispatch(session_->executor(), [session = session_, id = id_] { session->end_stream(id); });
}

void Exchange::on_disconnect(std::function<void()> handler) {
  asio::dispatch(session_->executor(),
                 [session = session_, id = id_, handler = std::move(handler)]() mutable {
                   session->set_disconnect_handler(id, std::move(handler));
                 });
}

}  // namespace berth::proxy::http
