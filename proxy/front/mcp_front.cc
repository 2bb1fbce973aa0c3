#include "proxy/front/mcp_front.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>
#include <variant>

#include "proxy/front/modern_request_checks.h"
#include "proxy/http/exchange.h"
#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::front {

McpFront::McpFront(RouteSnapshot& routes, ChannelSource& channels, HttpForwarder& forwarder,
                   Timers& timers, McpFrontOptions options)
    : routes_(routes),
      channels_(channels),
      forwarder_(forwarder),
      timers_(timers),
      options_(options),
      reap_timer_(timers.make_timer()),
      wait_timer_(timers.make_timer()),
      subscription_(routes.subscribe([this] { on_routes_changed(); })) {}

McpFront::~McpFront() = default;

void McpFront::add_routes(http::Router& router) {
  for (http::Verb verb : {http::Verb::post, http::Verb::get, http::Verb::delete_}) {
    router.add(verb, "/mcp/{name}",
               [this](std::shared_ptr<http::Exchange> exchange) { handle(exchange); });
  }
  router.add(http::Verb::get, "/sse/{name}",
             [this](std::shared_ptr<http::Exchange> exchange) { handle_legacy(exchange); });
  router.add(http::Verb::post, "/sse/{name}/messages",
             [this](std::shared_ptr<http::Exchange> exchange) { handle_legacy(exchange); });
}

void McpFront::start() {
  BERTH_CHECK_ON_THREAD(io_thread_);
  schedule_reap();
}

void McpFront::stop() {
  BERTH_CHECK_ON_THREAD(io_thread_);
  subscription_.reset();
  reap_timer_->cancel();
  wait_timer_->cancel();
  for (Waiting& waiting : std::exchange(waiting_, {})) {
    answer_not_ready(waiting.exchange, std::string(waiting.exchange->param("name")));
  }
  multiplexed_.clear();  // retires every channel
}

const reconciler::Route* McpFront::ready_route(
    const std::shared_ptr<http::Exchange>& exchange,
    void (McpFront::*retry)(const std::shared_ptr<http::Exchange>&)) {
  std::string name(exchange->param("name"));
  const auto& table = routes_.current();
  auto it = table->routes.find(name);
  if (it == table->routes.end()) {
    exchange->respond(make_json_rpc_error(http::HttpStatus::not_found, mcp::kInvalidRequest,
                                          "no MCP server named \"" + name + "\""));
    return nullptr;
  }
  if (it->second.ready) return &it->second;
  if (options_.ready_wait.count() <= 0) {
    answer_not_ready(exchange, name);
    return nullptr;
  }
  waiting_.push_back(Waiting{exchange, retry, timers_.clock().now() + options_.ready_wait});
  // A client that leaves is let go at once, not at its deadline.
  exchange->on_disconnect(
      [this, alive = std::weak_ptr<int>(alive_), weak = std::weak_ptr<http::Exchange>(exchange)] {
        if (!alive.expired()) forget_waiting(weak);
      });
  arm_wait_timer();
  return nullptr;
}

void McpFront::answer_not_ready(const std::shared_ptr<http::Exchange>& exchange,
                                const std::string& name) {
  http::Response response = make_json_rpc_error(
      http::HttpStatus::service_unavailable, request_ids_of(exchange->request().body()),
      mcp::kInternalError, "server \"" + name + "\" is not ready; see /status/" + name);
  response.set(http::beast_http::field::retry_after, std::to_string(options_.retry_after.count()));
  exchange->respond(std::move(response));
}

void McpFront::arm_wait_timer() {
  if (waiting_.empty()) return wait_timer_->cancel();
  Clock::Time next = waiting_.front().deadline;
  for (const Waiting& waiting : waiting_) next = std::min(next, waiting.deadline);
  wait_timer_->wait_until(next, [this] { wake_waiting(); });
}

void McpFront::forget_waiting(const std::weak_ptr<http::Exchange>& exchange) {
  auto held = exchange.lock();
  std::erase_if(waiting_, [&](const Waiting& waiting) { return waiting.exchange == held; });
  arm_wait_timer();
}

void McpFront::wake_waiting() {
  const auto& table = routes_.current();
  const auto now = timers_.clock().now();
  std::vector<Waiting> still;
  for (Waiting& waiting : std::exchange(waiting_, {})) {
    if (waiting.exchange->disconnected()) continue;
    auto it = table->routes.find(std::string(waiting.exchange->param("name")));
    const bool ready = it != table->routes.end() && it->second.ready;
    if (ready || it == table->routes.end()) {
      (this->*waiting.retry)(waiting.exchange);  // serves it, or answers 404 for a server gone
    } else if (now >= waiting.deadline) {
      answer_not_ready(waiting.exchange, it->first);
    } else {
      still.push_back(std::move(waiting));
    }
  }
  // Requests retried above may have been held again (the route changed back): keep them too.
  for (Waiting& waiting : still) waiting_.push_back(std::move(waiting));
  arm_wait_timer();
}

void McpFront::on_routes_changed() {
  const auto& table = routes_.current();
  for (auto& [name, front] : multiplexed_) {
    auto it = table->routes.find(name);
    if (it != table->routes.end() && it->second.ready) front->bind(it->second);
  }
  if (!waiting_.empty()) wake_waiting();
}

MultiplexedFront& McpFront::multiplexed_front(const reconciler::Route& route) {
  auto& front = multiplexed_[route.server];
  if (!front) {
    front = std::make_unique<MultiplexedFront>(route.server, channels_, timers_.clock(),
                                               options_.sessions);
  }
  front->bind(route);
  return *front;
}

std::map<std::string, std::size_t> McpFront::session_counts() const {
  BERTH_CHECK_ON_THREAD(io_thread_);
  std::map<std::string, std::size_t> counts;
  for (const auto& [name, front] : multiplexed_) counts[name] = front->session_count();
  return counts;
}

void McpFront::handle(const std::shared_ptr<http::Exchange>& exchange) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  const reconciler::Route* route = ready_route(exchange, &McpFront::handle);
  if (route == nullptr) return;
  switch (route->transport) {
    case specs::TransportType::kStreamableHttp:
      forward(exchange, *route);
      return;
    case specs::TransportType::kSse:
    case specs::TransportType::kStdio:
      serve_multiplexed(exchange, *route);
      return;
  }
}

void McpFront::forward(const std::shared_ptr<http::Exchange>& exchange,
                       const reconciler::Route& route) {
  std::string sid = session_id_of(exchange->request());
  if (!sid.empty() && upstream_sessions_.ended(route, sid)) {
    exchange->respond(make_json_rpc_error(http::HttpStatus::not_found, mcp::kInvalidRequest,
                                          "the session ended: server " + route.server +
                                              " restarted or was replaced; initialize again"));
    return;
  }
  if (!sid.empty() && exchange->method() == http::Verb::delete_) {
    upstream_sessions_.forget(route.server, sid);
  }
  if (exchange->method() == http::Verb::post) {
    if (auto refused = check_json_limits(exchange->request())) {
      return exchange->respond(std::move(*refused));
    }
  }
  forwarder_.forward(exchange, route);
}

void McpFront::handle_legacy(const std::shared_ptr<http::Exchange>& exchange) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  const reconciler::Route* route = ready_route(exchange, &McpFront::handle_legacy);
  if (route == nullptr) return;
  MultiplexedFront& front = multiplexed_front(*route);
  if (exchange->method() == http::Verb::get) {
    if (auto refused = check_mcp_get(exchange->request())) {
      return exchange->respond(std::move(*refused));
    }
    return front.open_legacy_stream(exchange, "/sse/" + route->server + "/messages");
  }
  auto post = read_legacy_post(exchange->request());
  if (auto* refused = std::get_if<http::Response>(&post)) {
    return exchange->respond(std::move(*refused));
  }
  front.legacy_post(exchange, std::move(std::get<McpPost>(post)));
}

void McpFront::serve_multiplexed(const std::shared_ptr<http::Exchange>& exchange,
                                 const reconciler::Route& route) {
  MultiplexedFront* front = &multiplexed_front(route);
  const http::Request& request = exchange->request();
  if (exchange->method() != http::Verb::post && names_modern_version(request)) {
    return exchange->respond(modern_method_not_allowed());
  }
  if (exchange->method() == http::Verb::get) {
    if (auto refused = check_mcp_get(request)) return exchange->respond(std::move(*refused));
    return front->get(exchange);
  }
  if (exchange->method() == http::Verb::delete_) {
    if (auto refused = check_protocol_version(request))
      return exchange->respond(std::move(*refused));
    return front->remove(exchange);
  }
  auto post = read_mcp_post(request);
  if (auto* refused = std::get_if<http::Response>(&post)) {
    return exchange->respond(std::move(*refused));
  }
  McpPost& checked = std::get<McpPost>(post);
  if (is_modern_post(request, checked)) {
    if (auto refused = check_modern_post(request, checked)) {
      return exchange->respond(std::move(*refused));
    }
    return front->post_stateless(exchange, std::move(checked));
  }
  if (!checked.initialize) {
    if (auto refused = check_protocol_version(request))
      return exchange->respond(std::move(*refused));
  }
  front->post(exchange, std::move(checked));
}

void McpFront::schedule_reap() {
  reap_timer_->wait_until(timers_.clock().now() + options_.reap_every, [this] {
    reap();
    schedule_reap();
  });
}

void McpFront::reap() {
  const auto& table = routes_.current();
  auto now = timers_.clock().now();
  for (auto it = multiplexed_.begin(); it != multiplexed_.end();) {
    if (!table->routes.contains(it->first)) {
      spdlog::info("server={} gone; its client sessions end sessions={}", it->first,
                   it->second->session_count());
      it = multiplexed_.erase(it);
      continue;
    }
    it->second->reap(now);
    ++it;
  }
}

}  // namespace berth::proxy::front
