#pragma once
// DockerClient: the real DockerApi, speaking the Docker Engine API over the engine's unix socket
// with libcurl (reconciler/docker/unix_http.h).
//
// The API version is negotiated on first use (GET /_ping: the engine's version capped at 1.45,
// engines older than 1.40 refused), cached, and negotiated again after the engine stopped
// answering (dockerd may come back with another version). Only unix:// endpoints are accepted:
// berth never talks to an engine over TCP.
//
// Errors: Error::code is the HTTP status of the engine's answer (404, 409, …), 0 when none came;
// the message is the engine's own, prefixed with what was being done. Request bodies (container
// env, i.e. secrets) never appear in an error. Container, network and image names that the engine
// could not hold (or that would change the request path) are refused before any request, with
// code 400.
//
// Thread safety: every method may be called from several threads at once; each call uses its
// own connection, and the negotiated version is guarded by a mutex.

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "base/mutex.h"
#include "reconciler/docker/unix_http.h"
#include "reconciler/docker_api.h"

namespace berth::reconciler {

inline constexpr std::string_view kDefaultDockerEndpoint = "unix:///var/run/docker.sock";

class DockerClient final : public DockerApi {
 public:
  // `endpoint` is "unix:///path/to/docker.sock". Any other endpoint makes every call fail with
  // the reason (use from_environment() to learn it up front).
  explicit DockerClient(std::string_view endpoint = kDefaultDockerEndpoint);

  // A client for $DOCKER_HOST, or the default socket when it is unset or empty; an error for a
  // tcp://, ssh://, … endpoint.
  static Result<std::unique_ptr<DockerClient>> from_environment();
  // The socket path of a unix:// endpoint, or why the endpoint is not usable.
  static Result<std::string> socket_path_of(std::string_view endpoint);

  // Always asks the engine (GET /_ping) and caches the version it settles on.
  Result<std::string> ping() override;
  Result<std::vector<ContainerSummary>> list_containers(const Labels& labels) override;
  Result<ContainerInfo> inspect_container(const std::string& id_or_name,
                                          int container_port) override;
  // The engine answers 404 when the image is not present locally (pull it first). Should the
  // engine's message ever repeat an env value (4+ characters), it reads "***" instead.
  Result<std::string> create_container(const ContainerConfig& config) override;
  // An already running container is not an error (the engine's 304).
  Status start_container(const std::string& id) override;
  // An already stopped container is not an error (the engine's 304).
  Status stop_container(const std::string& id, std::chrono::seconds grace) override;
  // A missing container is an error with code 404, so that callers can tell it apart; a removal
  // already in progress is the engine's 409.
  Status remove_container(const std::string& id) override;
  Result<bool> image_exists(const std::string& image) override;
  Result<ImageConfig> inspect_image(const std::string& image) override;
  // A reference without a tag pulls ":latest" (never every tag). A failure the engine reports
  // inside its 200 progress stream gets code 500, like the same failure reported up front.
  Status pull_image(const std::string& image) override;
  Result<bool> network_exists(const std::string& name) override;
  Status watch_events(const Labels& labels, const std::function<void(const DockerEvent&)>& on_event,
                      const std::function<bool()>& keep_going) override;
  void abort_calls() override { http_.abort_calls(); }

 private:
  // The cached API version, negotiating it first when there is none.
  Result<std::string> api_version() EXCLUDES(mutex_);
  Result<std::string> negotiate() EXCLUDES(mutex_);
  void forget_version() EXCLUDES(mutex_);
  // Sends `request` with its target prefixed by "/v<version>"; an answer of any status, or the
  // transport error (after which the version is negotiated again).
  Result<docker::HttpResponse> call(docker::HttpRequest request);
  // `call`, turning a transport error or any status not in `expected` into an error whose
  // message starts with `what`.
  Result<docker::HttpResponse> call_expecting(docker::HttpRequest request,
                                              std::initializer_list<int> expected,
                                              const std::string& what);

  const std::string endpoint_error_;  // why the endpoint is unusable; empty when it is fine
  const docker::UnixHttpClient http_;
  Mutex mutex_;
  std::string version_ GUARDED_BY(mutex_);  // "" until negotiated
};

}  // namespace berth::reconciler
