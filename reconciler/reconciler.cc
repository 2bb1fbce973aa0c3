#include "reconciler/reconciler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <set>

#include "reconciler/container_plan.h"

namespace berth::reconciler {
namespace {

constexpr std::chrono::milliseconds kReconnectFirst{250};
constexpr std::chrono::seconds kReconnectMax{30};

// Container events that can change what a reconcile finds. Others (kill, which a die follows;
// attach, create and exec_* from berth's own calls; resize, top, …) would only queue a
// reconcile that finds nothing new, and one in progress when the die arrives delays the restart.
bool changes_state(std::string_view action) {
  static constexpr std::string_view kActions[] = {"die",   "destroy", "start",  "stop",  "oom",
                                                  "pause", "unpause", "rename", "update"};
  return std::find(std::begin(kActions), std::end(kActions), action) != std::end(kActions);
}

}  // namespace

Reconciler::Reconciler(DockerApi& docker, Prober& prober, RouteSink& routes, const Clock& clock,
                       ReconcilerOptions options)
    : docker_(docker),
      options_(std::move(options)),
      store_(clock, routes),
      queue_(clock),
      server_reconciler_(docker, prober, store_, queue_, clock, options_.reconcile),
      desired_(std::make_shared<specs::DesiredState>()) {}

Reconciler::~Reconciler() { stop(); }

void Reconciler::set_desired(std::shared_ptr<const specs::DesiredState> desired) {
  std::set<std::string> names;
  std::shared_ptr<const specs::DesiredState> merged;
  {
    MutexLock lock(mutex_);
    merged = std::make_shared<specs::DesiredState>(
        specs::carry_over_invalid(*desired_, specs::DesiredState(*desired)));
    for (const auto& [name, spec] : desired_->servers) names.insert(name);
    for (const auto& [name, spec] : merged->servers) names.insert(name);
    store_.set_spec_errors(merged->errors);
    desired_ = merged;
  }
  // Known to the proxy from now on: a request that comes before the first reconcile waits for
  // the server (or gets 503), never a 404.
  std::vector<std::string> wanted;
  for (const auto& [name, spec] : merged->servers) wanted.push_back(name);
  // Required scopes are the proxy's business alone: they apply now, without a reconcile.
  store_.update_each(wanted, [&](ServerState& s) {
    const specs::ServerSpec& spec = merged->servers.at(s.status.name);
    if (!s.route) s.route = unrouted(spec);
    s.route->scopes = spec.auth.scopes;
  });
  spdlog::info("specs loaded servers={} errors={}", desired->servers.size(),
               desired->errors.size());
  for (const std::string& name : names) queue_.add(name);
}

std::shared_ptr<const specs::DesiredState> Reconciler::desired() const {
  MutexLock lock(mutex_);
  return desired_;
}

bool Reconciler::stop_requested_within(Clock::Duration wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  MutexLock lock(mutex_);
  while (running_) {
    if (lock.wait_until(stopping_, deadline) == std::cv_status::timeout) return !running_;
  }
  return true;
}

void Reconciler::start() {
  running_ = true;
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { work(); });
  threads_.emplace_back([this] { follow_events(); });
  threads_.emplace_back([this] { resync_loop(); });
}

void Reconciler::stop() {
  if (!running_.exchange(false)) return;
  queue_.shutdown();
  {
    // A sleeper checks running_ under the mutex and then waits: taking it here means the
    // notification cannot fall between the two (it would then sleep its whole wait).
    MutexLock lock(mutex_);
  }
  stopping_.notify_all();
  // Workers may sit in a Docker call: end it, so that every thread can be joined and none is
  // left to touch this object after it is gone.
  docker_.abort_calls();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

void Reconciler::work() {
  while (auto name = queue_.get()) {
    ++busy_workers_;
    server_reconciler_.reconcile(*name, *desired());
    queue_.done(*name);
    --busy_workers_;
    if (!first_sync_done_ && queue_.ready_size() == 0 && busy_workers_ == 0) {
      // Everything queued at start has been worked once.
      first_sync_done_ = true;
      store_.set_synced();
    }
  }
}

void Reconciler::enqueue_all() {
  std::set<std::string> names;
  for (const auto& [name, spec] : desired()->servers) names.insert(name);
  for (const std::string& name : store_.names()) names.insert(name);
  auto containers = docker_.list_containers(instance_selector(options_.reconcile.instance));
  if (containers) {
    std::set<std::string> container_names;
    for (const ContainerSummary& c : *containers) {
      auto server = c.labels.find(kLabelServer);
      if (server != c.labels.end()) names.insert(server->second);
      container_names.insert(c.name);
    }
    // Secrets of containers removed behind berth's back (or while berth was down) go too.
    SecretFiles(options_.reconcile.runtime_dir, options_.reconcile.instance)
        .wipe_all_but(container_names);
  }
  for (const std::string& name : names) queue_.add(name);
}

void Reconciler::follow_events() {
  auto delay = Clock::Duration(kReconnectFirst);
  bool outage_reported = false;
  while (running_) {
    auto version = docker_.ping();
    if (!running_) return;
    if (version) {
      outage_reported = false;
      store_.set_docker_reachable(true);
      enqueue_all();  // events may have been missed while the stream was down
      delay = kReconnectFirst;
      Status ended = docker_.watch_events(
          instance_selector(options_.reconcile.instance),
          [this](const DockerEvent& event) {
            auto server = event.attributes.find(kLabelServer);
            if (server == event.attributes.end() || !changes_state(event.action)) return;
            spdlog::debug("docker event action={} server={} container={}", event.action,
                          server->second, event.id.substr(0, 12));
            queue_.add(server->second);
          },
          [this] { return running_.load(); });
      if (!running_) return;
      spdlog::warn("docker events stream broke error=\"{}\"", ended ? "" : ended.error());
    } else {
      spdlog::warn("docker unreachable error=\"{}\" retry_ms={}", version.error(),
                   std::chrono::duration_cast<std::chrono::milliseconds>(delay).count());
      if (!outage_reported) {
        outage_reported = true;
        for (const std::string& name : store_.names()) {
          server_reconciler_.engine_lost(name, version.error());
        }
      }
    }
    store_.set_docker_reachable(false);
    if (stop_requested_within(delay)) return;
    delay = std::min<Clock::Duration>(delay * 2, kReconnectMax);
  }
}

void Reconciler::resync_loop() {
  std::mt19937 random(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.9, 1.1);
  while (running_) {
    auto wait = std::chrono::duration_cast<Clock::Duration>(options_.resync * jitter(random));
    if (stop_requested_within(wait)) return;
    enqueue_all();
  }
}

}  // namespace berth::reconciler
