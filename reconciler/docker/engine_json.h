#pragma once
// Small pieces of Docker Engine API JSON that are not about one container: label filters, the
// engine's error messages, failures reported inside an image pull's progress stream, and one
// message of the event stream.
//
// Pure functions; safe from any thread.

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "reconciler/docker_api.h"

namespace berth::reconciler::docker {

// {"label":["k=v","k2"]}; an empty value filters on the key alone.
std::string label_filters(const Labels& labels);

// {"type":["container"],"label":[…]} for GET /events.
std::string container_event_filters(const Labels& labels);

// The engine's {"message": …} from an error answer, else the body's first line, else "HTTP
// <status>".
std::string engine_error_message(int status, std::string_view body);

// The first failure in a POST /images/create progress stream (newline-delimited JSON objects
// carrying "error" or "errorDetail": {"message"}), if any. The engine answers 200 before it knows.
std::optional<std::string> pull_stream_error(std::string_view body);

// One JSON object of GET /events.
Result<DockerEvent> parse_event(std::string_view json);

}  // namespace berth::reconciler::docker
