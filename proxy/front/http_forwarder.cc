#include "proxy/front/http_forwarder.h"

#include "proxy/front/forward_call.h"

namespace berth::proxy::front {

void HttpForwarder::forward(std::shared_ptr<http::Exchange> exchange,
                            const reconciler::Route& route) {
  ForwardCall::start(io_, options_, pool_, std::move(exchange), route);
}

}  // namespace berth::proxy::front
