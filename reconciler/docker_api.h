#pragma once
// DockerApi: the part of the Docker Engine API that the reconciler uses, as a small interface so
// that reconcile logic can be tested against a fake.
//
// The real implementation (reconciler/docker/docker_client.h) speaks HTTP over the unix socket
// with libcurl and negotiates the API version. Calls block; they run on reconciler threads, never
// on the proxy's. Errors carry the engine's own message and, in Error::code, the HTTP status
// (404 not found, 409 conflict; 0 when the engine did not answer). Implementations are
// thread-safe: different threads may call at once.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace berth::reconciler {

using Labels = std::map<std::string, std::string>;

// GET /containers/json entry.
struct ContainerSummary {
  std::string id;
  std::string name;   // without the leading '/'
  std::string state;  // created | running | paused | restarting | removing | exited | dead
  Labels labels;
};

// GET /containers/{id}/json, reduced to what berth needs.
struct ContainerInfo {
  std::string id;
  std::string name;  // without the leading '/'
  std::string image;
  std::string state;  // as in ContainerSummary
  bool running = false;
  int exit_code = 0;
  bool oom_killed = false;
  std::string started_at;  // RFC 3339, as the engine reports it
  std::string finished_at;
  Labels labels;
  // Host port published on 127.0.0.1 for the container port given to inspect(); 0 if none.
  int host_port = 0;
};

// GET /images/{name}/json, reduced to how a container of it starts.
struct ImageConfig {
  std::vector<std::string> entrypoint;  // Config.Entrypoint; empty when unset
  std::vector<std::string> cmd;         // Config.Cmd
  std::string user;                     // Config.User; "" = root
};

struct BindMount {
  std::string source;  // absolute host path, or a named volume
  std::string target;
  bool read_only = false;
  bool named_volume = false;
};

// Everything POST /containers/create needs, already decided by the reconciler.
struct ContainerConfig {
  std::string name;
  std::string image;
  std::optional<std::vector<std::string>> entrypoint;
  std::optional<std::vector<std::string>> cmd;
  std::vector<std::string> env;  // "KEY=value"; may hold secret values: never log it
  Labels labels;
  bool open_stdin = false;  // stdio servers: OpenStdin + AttachStdin/Stdout/Stderr, StdinOnce false
  int container_port = 0;   // > 0: exposed and published on 127.0.0.1 at an ephemeral host port
  std::vector<BindMount> mounts;
  std::optional<int64_t> memory_bytes;
  std::optional<int64_t> nano_cpus;
  std::optional<int64_t> pids_limit;
  std::string network_mode = "bridge";
  std::string user;                          // Config.User; "" = the image's
  bool read_only_rootfs = false;             // HostConfig.ReadonlyRootfs
  std::map<std::string, std::string> tmpfs;  // HostConfig.Tmpfs: target → "size=…,mode=…"
  // HostConfig.LogConfig: "" = the daemon's default driver; "none" keeps nothing (stdio
  // servers: their stdout is the protocol); options such as max-size and max-file.
  std::string log_driver;
  std::map<std::string, std::string> log_options;
  // Docker's own init as PID 1; false when berth's launcher is PID 1 (it does that job).
  bool init = true;
  // Secure defaults, always applied by implementations: CapDrop ALL, no-new-privileges.
};

// One message of GET /events.
struct DockerEvent {
  std::string type;    // "container", …
  std::string action;  // "create", "start", "die", "destroy", "health_status: healthy", …
  std::string id;
  Labels attributes;  // labels and e.g. "exitCode", "name"
  int64_t time_nano = 0;
};

class DockerApi {
 public:
  virtual ~DockerApi() = default;

  // The negotiated API version (e.g. "1.41"); an error when the engine does not answer, naming
  // the socket and the cause (missing, permission denied, …).
  virtual Result<std::string> ping() = 0;

  // Containers, running or not, carrying every label in `labels` (value "" = any value).
  virtual Result<std::vector<ContainerSummary>> list_containers(const Labels& labels) = 0;
  // `container_port` > 0 asks for the 127.0.0.1 host port published for it.
  virtual Result<ContainerInfo> inspect_container(const std::string& id_or_name,
                                                  int container_port) = 0;
  // The new container's id. A name already taken is an error with code 409.
  virtual Result<std::string> create_container(const ContainerConfig& config) = 0;
  virtual Status start_container(const std::string& id) = 0;
  // SIGTERM, then SIGKILL after `grace`.
  virtual Status stop_container(const std::string& id, std::chrono::seconds grace) = 0;
  // Removes it (forcefully: killed first if still running), with its anonymous volumes.
  virtual Status remove_container(const std::string& id) = 0;

  virtual Result<bool> image_exists(const std::string& image) = 0;
  // How a container of the local `image` starts; an error with code 404 when it is not present.
  virtual Result<ImageConfig> inspect_image(const std::string& image) = 0;
  // Pulls `image`; the engine's message on failure (no registry, unknown image, …).
  virtual Status pull_image(const std::string& image) = 0;
  virtual Result<bool> network_exists(const std::string& name) = 0;

  // Streams container events for containers carrying `labels` and calls `on_event` for each,
  // from the calling thread, until `keep_going` returns false (checked at least every 200 ms)
  // or the stream breaks. Returns ok only when stopped by `keep_going`.
  virtual Status watch_events(const Labels& labels,
                              const std::function<void(const DockerEvent&)>& on_event,
                              const std::function<bool()>& keep_going) = 0;

  // Ends every call in progress promptly (within about 100 ms) with an error, and makes every
  // later call fail at once without reaching the engine. For shutdown: the threads that sit in a
  // call can then be joined.
  virtual void abort_calls() = 0;
};

}  // namespace berth::reconciler
