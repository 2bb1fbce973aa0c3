#include "proxy/admin/logs_endpoint.h"

#include <charconv>
#include <memory>

#include "proxy/backends/docker_logs_reader.h"
#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"

namespace berth::proxy::admin {
namespace {

constexpr int kDefaultTail = 200;

std::optional<int> parse_tail(const std::optional<std::string>& text) {
  if (!text) return kDefaultTail;
  if (*text == "all") return std::nullopt;
  int value = -1;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 0) return -1;
  return value;
}

std::optional<reconciler::ServerStatus> server_of(const reconciler::StatusSource& source,
                                                  std::string_view name) {
  auto snapshot = source.status();
  if (!snapshot) return std::nullopt;
  for (const reconciler::ServerStatus& server : snapshot->servers) {
    if (server.name == name) return server;
  }
  return std::nullopt;
}

// A stdio server's stderr as berth kept it: its container has no logs to read.
void serve_stderr(http::Exchange& exchange, const std::string& name, std::optional<int> tail,
                  const AttachChannels& channels) {
  auto ring = channels.stderr_of(name);
  std::string body = ring ? ring->tail(tail ? static_cast<size_t>(*tail) : ring->size()) : "";
  auto response = http::make_text_response(http::HttpStatus::ok, std::move(body));
  response.set(http::beast_http::field::cache_control, "no-store");
  exchange.respond(std::move(response));
}

void serve_logs(std::shared_ptr<http::Exchange> exchange, const reconciler::StatusSource& source,
                const DockerSocketClient& client, const AttachChannels& channels) {
  std::string name(exchange->param("name"));
  auto server = server_of(source, name);
  std::string container = server ? server->container_id : "";
  if (container.empty()) {
    return exchange->respond(http::make_error_response(http::HttpStatus::not_found,
                                                       "no container for server \"" + name + "\""));
  }
  std::optional<int> tail = parse_tail(exchange->query("tail"));
  if (tail && *tail < 0) {
    return exchange->respond(http::make_error_response(http::HttpStatus::bad_request,
                                                       "tail must be a whole number or \"all\""));
  }
  if (server->transport == specs::TransportType::kStdio) {
    return serve_stderr(*exchange, name, tail, channels);
  }
  LogsOptions options{tail, exchange->query("follow") == "1", std::chrono::seconds(5)};
  auto reader = DockerLogsReader::create(client);
  auto head = http::make_stream_head(http::HttpStatus::ok, "text/plain; charset=utf-8");
  head.set(http::beast_http::field::cache_control, "no-store");
  exchange->start_stream(std::move(head));
  exchange->on_disconnect([reader] { reader->cancel(); });
  reader->start(
      container, options,
      [exchange](DockerStream, std::string_view bytes) { exchange->write(std::string(bytes)); },
      [exchange](Status done) {
        if (!done) exchange->write("\n[berth] logs ended: " + done.error() + "\n");
        exchange->end();
      });
}

}  // namespace

void add_logs_endpoint(http::Router& router, const reconciler::StatusSource& source,
                       const DockerSocketClient& client, const AttachChannels& stdio_channels) {
  router.add(http::Verb::get, "/logs/{name}",
             [&source, &client, &stdio_channels](std::shared_ptr<http::Exchange> exchange) {
               serve_logs(std::move(exchange), source, client, stdio_channels);
             });
}

}  // namespace berth::proxy::admin
