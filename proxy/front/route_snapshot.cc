#include "proxy/front/route_snapshot.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <vector>

namespace berth::proxy::front {

RouteSubscription& RouteSubscription::operator=(RouteSubscription&& other) noexcept {
  if (this != &other) {
    reset();
    listeners_ = std::exchange(other.listeners_, {});
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

void RouteSubscription::reset() {
  if (auto listeners = listeners_.lock()) listeners->erase(id_);
  listeners_.reset();
}

void RouteSnapshot::publish(std::shared_ptr<const reconciler::RouteTable> table) {
  boost::asio::post(io_,
                    [this, table = std::move(table)]() mutable { make_current(std::move(table)); });
}

RouteSubscription RouteSnapshot::subscribe(std::function<void()> listener) {
  const uint64_t id = next_listener_++;
  listeners_->emplace(id, std::move(listener));
  return RouteSubscription(listeners_, id);
}

void RouteSnapshot::make_current(std::shared_ptr<const reconciler::RouteTable> table) {
  for (const auto& [name, route] : table->routes) {
    auto old = current_->routes.find(name);
    if (old != current_->routes.end() && old->second == route) continue;
    spdlog::info("route server={} ready={} container={} port={}", name, route.ready,
                 route.container_id.substr(0, 12), route.host_port);
  }
  current_ = std::move(table);
  // A listener may end itself or another (its front destroyed): each is looked up before it runs.
  std::vector<uint64_t> ids;
  for (const auto& [id, listener] : *listeners_) ids.push_back(id);
  for (uint64_t id : ids) {
    auto it = listeners_->find(id);
    if (it == listeners_->end()) continue;
    std::function<void()> listener = it->second;  // a copy: the listener may erase itself
    listener();
  }
}

}  // namespace berth::proxy::front
