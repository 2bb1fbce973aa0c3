#pragma once
// ServerReconciler: one level-triggered reconcile of one server — read what is wanted and what
// runs, then do the next step (create, start, probe, route, replace, remove, or nothing).
//
// Running it twice changes nothing more than running it once. It never waits for time to pass:
// whatever must happen later (a backoff, the next probe, a drain) is queued in the WorkQueue.
// It acts only on containers labelled with its instance. Thread-safe as long as the WorkQueue
// never hands one name to two workers at once (it does not). Probe outcomes arrive on the
// prober's thread; one that arrives after the ServerReconciler is gone is dropped (a proxy shutting
// down fails its probes late, after the reconciler stopped).

#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "base/callback_guard.h"
#include "base/clock.h"
#include "base/mutex.h"
#include "reconciler/docker_api.h"
#include "reconciler/handoff/prober.h"
#include "reconciler/secret_files.h"
#include "reconciler/status_store.h"
#include "reconciler/work_queue.h"
#include "specs/canonical.h"
#include "specs/desired_state.h"
#include "specs/secret_store.h"

namespace berth::reconciler {

// The route of a server with no healthy container yet: known to the proxy, which holds its
// requests for a while and then answers 503, never 404.
Route unrouted(const specs::ServerSpec& spec);

struct ReconcileOptions {
  std::string instance = "default";
  std::filesystem::path secrets_dir = "secrets";
  // Where each container's secret files live for Docker to mount (secret_files.h): a tmpfs.
  std::filesystem::path runtime_dir = "/run/berth";
  std::filesystem::path launcher;  // berth-launcher on the host, mounted into every container
  std::chrono::seconds stop_grace{10};
  Clock::Duration drain{std::chrono::seconds(5)};  // old container kept after a route swap
  Clock::Duration retry{std::chrono::seconds(2)};  // after Docker did not answer
};

class ServerReconciler {
 public:
  ServerReconciler(DockerApi& docker, Prober& prober, StatusStore& store, WorkQueue& queue,
                   const Clock& clock, ReconcileOptions options);

  void reconcile(const std::string& name, const specs::DesiredState& desired);
  // The engine stopped answering: nothing known about the containers of `name` holds any more.
  // Its route closes (the proxy answers 503) and, once the engine is back, its container is
  // probed afresh before it is routed to again.
  void engine_lost(const std::string& name, const std::string& error);

 private:
  struct Actual {
    std::optional<ContainerSummary> current;  // the container whose hash matches
    std::vector<ContainerSummary> others;     // stale or duplicate: removed once not needed
  };

  void converge(const specs::ServerSpec& spec, std::vector<ContainerSummary> containers);
  void create(const specs::ServerSpec& spec, const std::string& hash,
              const std::map<std::string, std::string>& secrets);
  void restart(const specs::ServerSpec& spec, const ContainerInfo& info,
               const std::map<std::string, std::string>& secrets);
  // Writes the secret files of container `name` for the user it runs as (the spec's, else the
  // image's, so `image` is inspected when the spec names none and `image` is null).
  Result<ContainerSecrets> write_secrets(const specs::ServerSpec& spec, const std::string& name,
                                         const std::map<std::string, std::string>& secrets,
                                         const ImageConfig* image);
  void watch_health(const specs::ServerSpec& spec, const ContainerInfo& info,
                    const std::vector<ContainerSummary>& stale);
  void launch_probe(const specs::ServerSpec& spec, const ContainerInfo& info);
  void replace_unhealthy(const specs::ServerSpec& spec, const ContainerInfo& info);
  void remove_server(const std::string& name, const std::vector<ContainerSummary>& containers);
  void remove_container(const std::string& id, const std::string& name);
  // Superseded containers that do not run serve nobody: they go at once, whatever becomes of the
  // current one (a crash loop across spec edits would otherwise leave one behind per edit). The
  // running ones stay in `others` until the current container is Ready and the drain is over.
  void remove_stopped(std::vector<ContainerSummary>& others);

  Status ensure_image(const specs::ServerSpec& spec);
  // Records a failed step and backs off. `engine_message` is scrubbed of the spec's secret
  // values before it is stored or logged: the engine may quote the environment it was given.
  void fail(const specs::ServerSpec& spec, const std::string& kind,
            const std::string& engine_message);
  std::string without_secrets(const specs::ServerSpec& spec, const std::string& message) const;
  void docker_failed(const std::string& name, const Error& error);
  Result<specs::SpecHasher> hasher_for(const specs::ServerSpec& spec);
  Actual split(const std::string& hash, std::vector<ContainerSummary> containers) const;

  DockerApi& docker_;
  Prober& prober_;
  StatusStore& store_;
  WorkQueue& queue_;
  const Clock& clock_;
  const ReconcileOptions options_;
  const specs::SecretStore secrets_;
  const SecretFiles secret_files_;
  Mutex mutex_;
  std::mt19937 random_ GUARDED_BY(mutex_);
  std::optional<std::string> hash_key_ GUARDED_BY(mutex_);  // loaded on first need
  CallbackGuard callbacks_;  // last: the probe callbacks it guards use the members above
};

}  // namespace berth::reconciler
