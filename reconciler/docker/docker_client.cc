#include "reconciler/docker/docker_client.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cstdlib>

#include "reconciler/docker/api_version.h"
#include "reconciler/docker/container_json.h"
#include "reconciler/docker/engine_json.h"
#include "reconciler/docker/event_decoder.h"
#include "reconciler/docker/request_target.h"

namespace berth::reconciler {
namespace {

using docker::HttpRequest;
using docker::HttpResponse;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr seconds kPingTimeout{10};
constexpr seconds kPullTimeout{30 * 60};
constexpr seconds kStopSlack{30};  // beyond the grace period, for the engine to kill and reap
// Env values at least this long are hidden should an engine message ever repeat one.
constexpr size_t kMinRedactedValue = 4;

HttpRequest make_request(std::string method, std::string target, std::string body = {},
                         milliseconds timeout = seconds(60)) {
  return HttpRequest{std::move(method), std::move(target), std::move(body), timeout};
}

std::string usable_socket_path(std::string_view endpoint) {
  auto path = DockerClient::socket_path_of(endpoint);
  return path ? *path : std::string();
}

std::string endpoint_problem(std::string_view endpoint) {
  auto path = DockerClient::socket_path_of(endpoint);
  return path ? std::string() : path.error();
}

Error invalid_name(const char* what, const std::string& name) {
  return Error{std::string("invalid ") + what + " \"" + name.substr(0, 128) + "\"", 400};
}

// `message` with every env value of `config` (long enough to matter) replaced by "***".
std::string redact_env(std::string message, const ContainerConfig& config) {
  for (const auto& entry : config.env) {
    size_t equals = entry.find('=');
    if (equals == std::string::npos || entry.size() - equals - 1 < kMinRedactedValue) continue;
    std::string value = entry.substr(equals + 1);
    for (size_t at = message.find(value); at != std::string::npos; at = message.find(value, at)) {
      message.replace(at, value.size(), "***");
    }
  }
  return message;
}

std::string created_id(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("Id") || !doc["Id"].IsString()) {
    return {};
  }
  return doc["Id"].GetString();
}

}  // namespace

DockerClient::DockerClient(std::string_view endpoint)
    : endpoint_error_(endpoint_problem(endpoint)), http_(usable_socket_path(endpoint)) {}

Result<std::unique_ptr<DockerClient>> DockerClient::from_environment() {
  const char* host = std::getenv("DOCKER_HOST");
  std::string_view endpoint = host != nullptr && *host != '\0' ? host : kDefaultDockerEndpoint;
  auto path = socket_path_of(endpoint);
  if (!path) return Error{"DOCKER_HOST: " + path.error(), 0};
  return std::make_unique<DockerClient>(endpoint);
}

Result<std::string> DockerClient::socket_path_of(std::string_view endpoint) {
  constexpr std::string_view kUnix = "unix://";
  if (endpoint.starts_with(kUnix)) {
    std::string_view path = endpoint.substr(kUnix.size());
    if (path.starts_with('/')) return std::string(path);
    return Error{"the Docker endpoint must name an absolute socket path, as in " +
                     std::string(kDefaultDockerEndpoint),
                 0};
  }
  size_t scheme_end = endpoint.find("://");
  std::string scheme = scheme_end == std::string_view::npos
                           ? std::string("a plain path")
                           : "\"" + std::string(endpoint.substr(0, scheme_end)) + "://\"";
  // Only the scheme is repeated: the rest may hold a user or host name.
  return Error{"the Docker endpoint scheme " + scheme +
                   " is not supported: berth talks to the Docker engine only over a unix socket "
                   "(e.g. " +
                   std::string(kDefaultDockerEndpoint) + ")",
               0};
}

Result<std::string> DockerClient::ping() {
  if (!endpoint_error_.empty()) return Error{endpoint_error_, 0};
  return negotiate();
}

Result<std::string> DockerClient::negotiate() {
  auto response = http_.send(make_request("GET", "/_ping", "", kPingTimeout));
  if (!response) {
    forget_version();
    return response.error_value();
  }
  if (response->status != 200) {
    return Error{"the Docker engine at " + http_.socket_path() + " answered a ping with: " +
                     docker::engine_error_message(response->status, response->body),
                 response->status};
  }
  auto header = response->headers.find("api-version");
  auto version = docker::choose_api_version(
      header == response->headers.end() ? std::string_view() : std::string_view(header->second));
  if (!version) return version.error_value();
  MutexLock lock(mutex_);
  version_ = *version;
  return version_;
}

Result<std::string> DockerClient::api_version() {
  {
    MutexLock lock(mutex_);
    if (!version_.empty()) return version_;
  }
  return negotiate();
}

void DockerClient::forget_version() {
  MutexLock lock(mutex_);
  version_.clear();
}

Result<HttpResponse> DockerClient::call(HttpRequest request) {
  if (!endpoint_error_.empty()) return Error{endpoint_error_, 0};
  auto version = api_version();
  if (!version) return version.error_value();
  request.target = "/v" + *version + request.target;
  auto response = http_.send(request);
  if (!response) forget_version();  // dockerd may come back speaking another version
  return response;
}

Result<HttpResponse> DockerClient::call_expecting(HttpRequest request,
                                                  std::initializer_list<int> expected,
                                                  const std::string& what) {
  auto response = call(std::move(request));
  if (!response) return Error{what + ": " + response.error(), 0};
  if (std::find(expected.begin(), expected.end(), response->status) == expected.end()) {
    return Error{what + ": " + docker::engine_error_message(response->status, response->body),
                 response->status};
  }
  return response;
}

Result<std::vector<ContainerSummary>> DockerClient::list_containers(const Labels& labels) {
  std::string target = "/containers/json?all=1";
  if (!labels.empty()) {
    target += "&filters=" + docker::escape_query_value(docker::label_filters(labels));
  }
  auto response = call_expecting(make_request("GET", target), {200}, "list containers");
  if (!response) return response.error_value();
  return docker::parse_container_list(response->body);
}

Result<ContainerInfo> DockerClient::inspect_container(const std::string& id_or_name,
                                                      int container_port) {
  if (!docker::is_valid_object_name(id_or_name)) return invalid_name("container", id_or_name);
  auto response = call_expecting(make_request("GET", "/containers/" + id_or_name + "/json"), {200},
                                 "inspect container " + id_or_name);
  if (!response) return response.error_value();
  return docker::parse_container_info(response->body, container_port);
}

Result<std::string> DockerClient::create_container(const ContainerConfig& config) {
  std::string target = "/containers/create";
  if (!config.name.empty()) target += "?name=" + docker::escape_query_value(config.name);
  std::string what = "create container " + config.name;
  auto response = call_expecting(
      make_request("POST", target, docker::container_create_body(config)), {201}, what);
  if (!response) {
    return Error{redact_env(response.error(), config), response.error_code()};
  }
  std::string id = created_id(response->body);
  if (id.empty()) return Error{what + ": the Docker engine sent no container id", 0};
  return id;
}

Status DockerClient::start_container(const std::string& id) {
  if (!docker::is_valid_object_name(id)) return invalid_name("container", id);
  auto response = call_expecting(make_request("POST", "/containers/" + id + "/start"), {204, 304},
                                 "start container " + id);
  if (!response) return response.error_value();
  return ok_status();
}

Status DockerClient::stop_container(const std::string& id, seconds grace) {
  if (!docker::is_valid_object_name(id)) return invalid_name("container", id);
  std::string target = "/containers/" + id + "/stop?t=" + std::to_string(grace.count());
  auto response = call_expecting(make_request("POST", target, "", grace + kStopSlack), {204, 304},
                                 "stop container " + id);
  if (!response) return response.error_value();
  return ok_status();
}

Status DockerClient::remove_container(const std::string& id) {
  if (!docker::is_valid_object_name(id)) return invalid_name("container", id);
  auto response = call_expecting(make_request("DELETE", "/containers/" + id + "?force=1&v=1"),
                                 {204}, "remove container " + id);
  if (!response) return response.error_value();
  return ok_status();
}

Result<bool> DockerClient::image_exists(const std::string& image) {
  if (!docker::is_valid_image_reference(image)) return invalid_name("image reference", image);
  auto response = call_expecting(make_request("GET", "/images/" + image + "/json"), {200, 404},
                                 "inspect image " + image);
  if (!response) return response.error_value();
  return response->status == 200;
}

Result<ImageConfig> DockerClient::inspect_image(const std::string& image) {
  if (!docker::is_valid_image_reference(image)) return invalid_name("image reference", image);
  auto response = call_expecting(make_request("GET", "/images/" + image + "/json"), {200},
                                 "inspect image " + image);
  if (!response) return response.error_value();
  return docker::parse_image_config(response->body);
}

Status DockerClient::pull_image(const std::string& image) {
  if (!docker::is_valid_image_reference(image)) return invalid_name("image reference", image);
  auto pull = docker::split_image_reference(image);
  std::string target = "/images/create?fromImage=" + docker::escape_query_value(pull.from_image);
  if (!pull.tag.empty()) target += "&tag=" + docker::escape_query_value(pull.tag);
  std::string what = "pull image " + image;
  auto response = call_expecting(make_request("POST", target, "", kPullTimeout), {200}, what);
  if (!response) return response.error_value();
  // The engine answers 200 as soon as it starts; later failures come inside the stream.
  if (auto failure = docker::pull_stream_error(response->body)) {
    return Error{what + ": " + *failure, 500};
  }
  return ok_status();
}

Result<bool> DockerClient::network_exists(const std::string& name) {
  if (!docker::is_valid_object_name(name)) return invalid_name("network name", name);
  auto response = call_expecting(make_request("GET", "/networks/" + name), {200, 404},
                                 "inspect network " + name);
  if (!response) return response.error_value();
  return response->status == 200;
}

}  // namespace berth::reconciler
