#include "proxy/front/mcp_front.h"

#include <spdlog/spdlog.h>

#include <utility>
#include <variant>

#include "proxy/http/exchange.h"
#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::front {

McpFront::McpFront(boost::asio::io_context& io, const RouteSnapshot& routes,
                   AttachChannels& backends, HttpForwarder& forwarder, McpFrontOptions options)
    : io_(io),
      routes_(routes),
      backends_(backends),
      forwarder_(forwarder),
      options_(options),
      reap_timer_(io),
      wait_timer_(io) {}

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
  reap_timer_.cancel();
  wait_timer_.cancel();
  for (Waiting& waiting : std::exchange(waiting_, {})) {
    answer_not_ready(waiting.exchange, std::string(waiting.exchange->param("name")));
  }
  multiplexed_.clear();  // retires every channel
  for (const auto& channel : owned_channels_) channel->close();
  owned_channels_.clear();
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
  waiting_.push_back(
      Waiting{exchange, retry, std::chrono::steady_clock::now() + options_.ready_wait});
  schedule_wait_poll();
  return nullptr;
}

void McpFront::answer_not_ready(const std::shared_ptr<http::Exchange>& exchange,
                                const std::string& name) {
  http::Response response =
      make_json_rpc_error(http::HttpStatus::service_unavailable, mcp::kInternalError,
                          "server \"" + name + "\" is not ready; see /status/" + name);
  response.set(http::beast_http::field::retry_after, std::to_string(options_.retry_after.count()));
  exchange->respond(std::move(response));
}

void McpFront::schedule_wait_poll() {
  if (wait_polling_) return;
  wait_polling_ = true;
  wait_timer_.expires_after(options_.wait_poll);
  wait_timer_.async_wait([this](boost::system::error_code ec) {
    wait_polling_ = false;
    if (!ec) poll_waiting();
  });
}

void McpFront::poll_waiting() {
  const auto& table = routes_.current();
  const auto now = std::chrono::steady_clock::now();
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
  if (!waiting_.empty()) schedule_wait_poll();
}

MultiplexedFront& McpFront::multiplexed_front(const reconciler::Route& route) {
  auto& front = multiplexed_[route.server];
  if (!front) {
    front = std::make_unique<MultiplexedFront>(
        route.server, [this](const reconciler::Route& bound) { return channel_for(bound); },
        [this](const std::shared_ptr<mcp::McpChannel>& channel) { retire(channel); },
        options_.sessions);
  }
  front->bind(route);
  return *front;
}

std::shared_ptr<mcp::McpChannel> McpFront::channel_for(const reconciler::Route& route) {
  if (route.transport == specs::TransportType::kStdio) {
    return backends_.get(route.container_id, route.server);
  }
  std::shared_ptr<mcp::McpChannel> channel;
  if (route.transport == specs::TransportType::kStreamableHttp) {
    auto http = HttpChannel::create(io_, route.server, route.container_id, route.host_port,
                                    route.path, options_.http);
    http->open();
    channel = std::move(http);
  } else {
    auto sse = SseChannel::create(io_, route.server, route.container_id, route.host_port,
                                  route.path, options_.sse);
    sse->open();
    channel = std::move(sse);
  }
  owned_channels_.insert(channel);
  return channel;
}

void McpFront::retire(const std::shared_ptr<mcp::McpChannel>& channel) {
  // An attach stream stays open: AttachChannels shares it with the prober until the container
  // goes. An HTTP or SSE session is berth's alone.
  if (owned_channels_.erase(channel) > 0) channel->close();
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
  if (!checked.initialize) {
    if (auto refused = check_protocol_version(request))
      return exchange->respond(std::move(*refused));
  }
  front->post(exchange, std::move(checked));
}

void McpFront::schedule_reap() {
  reap_timer_.expires_after(options_.reap_every);
  reap_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    reap();
    schedule_reap();
  });
}

void McpFront::reap() {
  const auto& table = routes_.current();
  auto now = MultiplexedFront::Clock::now();
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
