// DockerClient::watch_events: GET /events as a stream (reconciler/docker/docker_client.h).

#include "reconciler/docker/docker_client.h"
#include "reconciler/docker/engine_json.h"
#include "reconciler/docker/event_decoder.h"
#include "reconciler/docker/request_target.h"

namespace berth::reconciler {

Status DockerClient::watch_events(const Labels& labels,
                                  const std::function<void(const DockerEvent&)>& on_event,
                                  const std::function<bool()>& keep_going) {
  const std::string what = "watch Docker events";
  if (!endpoint_error_.empty()) return Error{endpoint_error_, 0};
  auto version = api_version();
  if (!version) return Error{what + ": " + version.error(), version.error_code()};
  std::string target = "/v" + *version + "/events?filters=" +
                       docker::escape_query_value(docker::container_event_filters(labels));
  docker::HttpRequest request{"GET", std::move(target), "", std::chrono::milliseconds(0)};
  docker::EventDecoder decoder;
  Status decoded = ok_status();
  auto outcome = http_.stream(
      request,
      [&](std::string_view chunk) {
        if (decoded) decoded = decoder.feed(chunk, on_event);
      },
      [&] { return decoded.ok() && keep_going(); });
  if (!outcome) {
    forget_version();
    return Error{what + ": " + outcome.error(), 0};
  }
  if (!decoded) return Error{what + ": " + decoded.error(), 0};
  if (outcome->stopped) return ok_status();
  const docker::HttpResponse& response = outcome->response;
  if (response.status < 200 || response.status >= 300) {
    return Error{what + ": " + docker::engine_error_message(response.status, response.body),
                 response.status};
  }
  forget_version();
  return Error{what + ": the Docker engine ended the event stream (did dockerd stop?)", 0};
}

}  // namespace berth::reconciler
