#include "reconciler/server_reconciler.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "reconciler/container_plan.h"
#include "specs/hash_key.h"
#include "specs/secret_scrubber.h"

namespace berth::reconciler {
namespace {

// Why the containers of a server that `desired` does not name are kept; "" when they go.
std::string hold_reason(const specs::DesiredState& desired,
                        const std::vector<ContainerSummary>& containers) {
  if (containers.empty()) return "";
  if (!desired.hold_reason.empty()) return desired.hold_reason;
  bool held = std::any_of(containers.begin(), containers.end(), [&](const auto& c) {
    return held_by_invalid_file(c.labels, desired.invalid_files);
  });
  return held ? "its spec file is invalid; it keeps running as it was" : "";
}

}  // namespace

Route unrouted(const specs::ServerSpec& spec) {
  return Route{spec.name, spec.transport.type, "", 0, spec.transport.path, false,
               "",        spec.auth.scopes};
}

ServerReconciler::ServerReconciler(DockerApi& docker, Prober& prober, StatusStore& store,
                                   WorkQueue& queue, const Clock& clock, ReconcileOptions options)
    : docker_(docker),
      prober_(prober),
      store_(store),
      queue_(queue),
      clock_(clock),
      options_(std::move(options)),
      secrets_(options_.secrets_dir),
      secret_files_(options_.runtime_dir, options_.instance),
      random_(std::random_device{}()) {}

void ServerReconciler::reconcile(const std::string& name, const specs::DesiredState& desired) {
  Labels selector = instance_selector(options_.instance);
  selector[kLabelServer] = name;
  auto containers = docker_.list_containers(selector);
  if (!containers) return docker_failed(name, containers.error_value());
  store_.set_docker_reachable(true);
  auto it = desired.servers.find(name);
  if (it == desired.servers.end()) {
    std::string held = hold_reason(desired, *containers);
    if (held.empty()) return remove_server(name, *containers);
    store_.update(name, [&](ServerState& s) { s.status.last_error = held; });
    return;
  }
  converge(it->second, std::move(containers).value());
}

void ServerReconciler::converge(const specs::ServerSpec& spec,
                                std::vector<ContainerSummary> containers) {
  auto secrets = secrets_.read(spec);
  auto hasher = secrets ? hasher_for(spec) : Result<specs::SpecHasher>(Error{secrets.error()});
  if (!hasher) {
    // Blocks only this server; whatever runs for it keeps running.
    store_.update(spec.name, [&](ServerState& s) {
      s.status.last_error = hasher.error();
      s.status.image = spec.image;
      s.status.transport = spec.transport.type;
      s.status.source = spec.source_file;
      if (!s.route) s.route = unrouted(spec);
      if (!s.route->ready) StatusStore::set_phase(s, Phase::kPending, clock_.wall_now());
    });
    spdlog::warn("server blocked server={} error=\"{}\"", spec.name, hasher.error());
    return;
  }
  std::string hash = hasher->hash(spec, *secrets);
  Actual actual = split(hash, std::move(containers));
  remove_stopped(actual.others);
  store_.update(spec.name, [&](ServerState& s) {
    s.status.image = spec.image;
    s.status.transport = spec.transport.type;
    s.status.source = spec.source_file;
    s.status.spec_hash = hash;
    if (!s.route) s.route = unrouted(spec);
  });
  if (!actual.current) return create(spec, hash, *secrets);
  auto info = docker_.inspect_container(actual.current->id, spec.transport.port);
  if (!info) return docker_failed(spec.name, info.error_value());
  if (!info->running) return restart(spec, *info, *secrets);
  watch_health(spec, *info, actual.others);
}

void ServerReconciler::remove_stopped(std::vector<ContainerSummary>& others) {
  std::erase_if(others, [this](const ContainerSummary& c) {
    if (c.state == "removing") return true;  // the engine is at it already
    bool serving = c.state == "running" || c.state == "paused" || c.state == "restarting";
    if (!serving) remove_container(c.id, c.name);
    return !serving;
  });
}

ServerReconciler::Actual ServerReconciler::split(const std::string& hash,
                                                 std::vector<ContainerSummary> containers) const {
  // Prefer a running one among those with the right hash; any others are removed in time.
  std::stable_partition(containers.begin(), containers.end(),
                        [](const ContainerSummary& c) { return c.state == "running"; });
  Actual actual;
  for (ContainerSummary& c : containers) {
    auto label = c.labels.find(kLabelHash);
    bool matches = label != c.labels.end() && label->second == hash;
    if (matches && !actual.current) {
      actual.current = std::move(c);
    } else {
      actual.others.push_back(std::move(c));
    }
  }
  return actual;
}

void ServerReconciler::create(const specs::ServerSpec& spec, const std::string& hash,
                              const std::map<std::string, std::string>& secrets) {
  auto state = store_.get(spec.name);
  if (state && state->backoff.waiting(clock_.now())) {
    queue_.add_at(spec.name, state->backoff.not_before());
    return;
  }
  if (Status pulled = ensure_image(spec); !pulled) return fail(spec, "pull-failed", pulled.error());
  auto image = docker_.inspect_image(spec.image);
  if (!image) return fail(spec, "inspect-failed", image.error());
  std::string name = container_name(options_.instance, spec.name, hash);
  auto files = write_secrets(spec, name, secrets, &*image);
  if (!files) return fail(spec, "secrets-failed", files.error());
  auto config =
      plan_container(PlanInput{spec, options_.instance, hash, *image, *files, options_.launcher});
  if (!config) {
    secret_files_.wipe(name);
    return fail(spec, "create-failed", config.error());
  }
  auto id = docker_.create_container(*config);
  if (!id && id.error_code() == 409) {
    return fail(spec, "conflict",
                "the container name " + name +
                    " is taken by a container berth does not "
                    "own; berth leaves it alone");
  }
  if (!id) {
    secret_files_.wipe(name);
    return fail(spec, "create-failed", id.error());
  }
  if (Status started = docker_.start_container(*id); !started) {
    return fail(spec, "start-failed", started.error());
  }
  spdlog::info("container started server={} container={} hash={}", spec.name, id->substr(0, 12),
               hash.substr(0, 12));
  store_.update(spec.name, [&](ServerState& s) {
    WallTime wall = clock_.wall_now();
    StatusStore::add_event(s, wall, "created", "container " + id->substr(0, 12));
    StatusStore::add_event(s, wall, "started", "container " + id->substr(0, 12));
    if (s.status.phase != Phase::kReady) StatusStore::set_phase(s, Phase::kStarting, wall);
    s.probe = ProbeState::starting(*id, clock_.now());
  });
  queue_.add(spec.name);
}

void ServerReconciler::restart(const specs::ServerSpec& spec, const ContainerInfo& info,
                               const std::map<std::string, std::string>& secrets) {
  Clock::Time now = clock_.now();
  std::optional<Clock::Time> wait_until;
  store_.update(spec.name, [&](ServerState& s) {
    bool died = info.state != "created" && info.finished_at != s.last_death;
    if (died) {
      s.last_death = info.finished_at;
      std::string detail = "exit code " + std::to_string(info.exit_code) +
                           (info.oom_killed ? " (out of memory)" : "");
      StatusStore::add_event(s, clock_.wall_now(), "died", detail);
      s.status.last_error = "container died: " + detail;
      MutexLock lock(mutex_);
      s.backoff.record_failure(now, spec.restart, random_);
    }
    if (s.route && s.route->container_id == info.id) s.route->ready = false;
    s.probe = ProbeState{};
    if (s.backoff.waiting(now)) {
      wait_until = s.backoff.not_before();
      StatusStore::set_phase(s, Phase::kBackOff, clock_.wall_now());
    }
  });
  if (wait_until) return queue_.add_at(spec.name, *wait_until);
  // The files may be gone (a reboot empties the tmpfs); the same hash means the same contents.
  auto files = write_secrets(spec, info.name, secrets, nullptr);
  if (!files) return fail(spec, "secrets-failed", files.error());
  if (Status started = docker_.start_container(info.id); !started) {
    return fail(spec, "start-failed", started.error());
  }
  spdlog::info("container restarted server={} container={}", spec.name, info.id.substr(0, 12));
  store_.update(spec.name, [&](ServerState& s) {
    ++s.status.restarts;
    StatusStore::add_event(s, clock_.wall_now(), "started",
                           "restart " + std::to_string(s.status.restarts));
    StatusStore::set_phase(s, Phase::kStarting, clock_.wall_now());
    s.probe = ProbeState::starting(info.id, clock_.now());
  });
  queue_.add(spec.name);
}

void ServerReconciler::remove_server(const std::string& name,
                                     const std::vector<ContainerSummary>& containers) {
  if (containers.empty()) return store_.erase(name);  // gone already: nothing to say again
  store_.update(name, [&](ServerState& s) {
    StatusStore::set_phase(s, Phase::kTerminating, clock_.wall_now());
    s.route.reset();
  });
  for (const ContainerSummary& container : containers) {
    remove_container(container.id, container.name);
  }
  spdlog::info("server removed server={} containers={}", name, containers.size());
  store_.erase(name);
}

void ServerReconciler::remove_container(const std::string& id, const std::string& name) {
  prober_.forget(id);
  if (Status stopped = docker_.stop_container(id, options_.stop_grace); !stopped) {
    spdlog::warn("stop failed container={} error=\"{}\"", id.substr(0, 12), stopped.error());
  }
  if (Status removed = docker_.remove_container(id); !removed && removed.error_code() != 404) {
    spdlog::warn("remove failed container={} error=\"{}\"", id.substr(0, 12), removed.error());
    return;  // its secrets stay while it may run; the next full resync wipes them once it is gone
  }
  secret_files_.wipe(name);
}

Result<ContainerSecrets> ServerReconciler::write_secrets(
    const specs::ServerSpec& spec, const std::string& name,
    const std::map<std::string, std::string>& secrets, const ImageConfig* image) {
  if (spec.secrets.empty()) return ContainerSecrets{};
  std::optional<Result<ImageConfig>> inspected;
  if (image == nullptr && spec.user.empty()) {
    inspected = docker_.inspect_image(spec.image);
    if (!*inspected) return Error{inspected->error()};
    image = &inspected->value();
  }
  SecretOwner owner = secret_owner(spec.user, image ? image->user : "");
  if (!owner.known) {
    spdlog::warn(
        "secret files readable by every user of the container server={} user={} "
        "reason=\"a user name, not a uid\"",
        spec.name, spec.user.empty() ? image->user : spec.user);
  }
  return secret_files_.write(name, spec, secrets, owner);
}

Status ServerReconciler::ensure_image(const specs::ServerSpec& spec) {
  if (spec.pull == specs::PullPolicy::kAlways) return docker_.pull_image(spec.image);
  auto exists = docker_.image_exists(spec.image);
  if (!exists) return Error{exists.error(), exists.error_code()};
  if (*exists) return ok_status();
  if (spec.pull == specs::PullPolicy::kNever) {
    return Error{"image " + spec.image + " is not present and pull is Never"};
  }
  return docker_.pull_image(spec.image);
}

void ServerReconciler::fail(const specs::ServerSpec& spec, const std::string& kind,
                            const std::string& engine_message) {
  const std::string message = without_secrets(spec, engine_message);
  Clock::Time not_before;
  store_.update(spec.name, [&](ServerState& s) {
    {
      MutexLock lock(mutex_);
      not_before = s.backoff.record_failure(clock_.now(), spec.restart, random_);
    }
    WallTime wall = clock_.wall_now();
    auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(not_before - clock_.now());
    StatusStore::add_event(s, wall, kind, message);
    StatusStore::add_event(s, wall, "backoff",
                           "next attempt in " + std::to_string(delay.count()) + " ms");
    s.status.last_error = message;
    if (!s.route || !s.route->ready) StatusStore::set_phase(s, Phase::kBackOff, wall);
  });
  spdlog::warn("server failed server={} kind={} error=\"{}\"", spec.name, kind, message);
  queue_.add_at(spec.name, not_before);
}

std::string ServerReconciler::without_secrets(const specs::ServerSpec& spec,
                                              const std::string& message) const {
  if (spec.secrets.empty()) return message;
  auto secrets = secrets_.read(spec);
  // Unreadable now: the message cannot be checked against them, so none of it is kept.
  if (!secrets) return "the Docker engine's error was withheld: it may quote a secret";
  return specs::scrub_secrets(message, *secrets);
}

void ServerReconciler::engine_lost(const std::string& name, const std::string& error) {
  store_.update(name, [&](ServerState& s) {
    WallTime wall = clock_.wall_now();
    if (s.route) s.route->ready = false;
    s.probe = ProbeState{};
    s.status.last_error = "Docker unreachable: " + error;
    StatusStore::add_event(s, wall, "docker-unreachable", error);
    StatusStore::set_phase(s, Phase::kPending, wall);
  });
}

void ServerReconciler::docker_failed(const std::string& name, const Error& error) {
  if (error.code == 0) store_.set_docker_reachable(false);
  spdlog::warn("docker call failed server={} error=\"{}\"", name, error.message);
  store_.update(name, [&](ServerState& s) { s.status.last_error = error.message; });
  queue_.add_after(name, options_.retry);
}

Result<specs::SpecHasher> ServerReconciler::hasher_for(const specs::ServerSpec& spec) {
  if (spec.secrets.empty()) return specs::SpecHasher("");  // the key only covers secret contents
  MutexLock lock(mutex_);
  if (!hash_key_) {
    auto key = specs::load_or_create_hash_key(options_.secrets_dir / specs::kHashKeyFileName);
    if (!key) return Error{key.error()};
    hash_key_ = std::move(key).value();
  }
  return specs::SpecHasher(*hash_key_);
}

}  // namespace berth::reconciler
