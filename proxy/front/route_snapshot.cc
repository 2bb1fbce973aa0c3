#include "proxy/front/route_snapshot.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

namespace berth::proxy::front {

void RouteSnapshot::publish(std::shared_ptr<const reconciler::RouteTable> table) {
  boost::asio::post(io_, [this, table = std::move(table)] {
    for (const auto& [name, route] : table->routes) {
      auto old = current_->routes.find(name);
      if (old != current_->routes.end() && old->second == route) continue;
      spdlog::info("route server={} ready={} container={} port={}", name, route.ready,
                   route.container_id.substr(0, 12), route.host_port);
    }
    current_ = table;
  });
}

}  // namespace berth::proxy::front
