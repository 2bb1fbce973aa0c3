// bench_reconcile [SERVERS] [KILLS]: berth against the real engine, with the test MCP server
// image (berth/test-server:latest, stdio, network none). In one run it measures
//   1. SERVERS specs (default 50) dropped into the watched directory at once → all Ready;
//   2. the same containers started by `docker run -d` one after another (the baseline);
//   3. idle CPU and memory of berth with SERVERS servers over 10 s;
//   4. KILLS (default 10) `docker kill`s: die event → berth's start request (berth talks to the
//      engine through a SocketTap that notes each request) and → the start event, against the
//      engine's own start latency (start request → start event);
//   5. SIGTERM → exit.
// It prints the figures; it asserts nothing. berth is the binary next to this one
// (../berth/berth) unless BERTH_BINARY is set. Everything it creates carries bench=<run id> and
// is removed at the end.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>

#include "reconciler/docker/docker_client.h"
#include "tools/bench/bench_berth.h"
#include "tools/bench/event_recorder.h"
#include "tools/bench/socket_tap.h"

namespace berth::bench {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr char kImage[] = "berth/test-server:latest";
constexpr char kDocker[] = "unix:///var/run/docker.sock";
constexpr char kDockerSocket[] = "/var/run/docker.sock";

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::int64_t unix_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string spec_text(const std::string& name, const std::string& run_id) {
  return "apiVersion: berth/v1\nkind: MCPServer\nmetadata:\n  name: " + name +
         "\n  labels: {bench: " + run_id + "}\nspec:\n  image: " + kImage +
         "\n  pull: Never\n  args: [stdio, --quiet]\n  network: none\n"
         "  resources: {memory: 32Mi, pids: 16}\n";
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Polls /status until `ready` servers are Ready; false after `timeout`.
bool wait_ready(const BenchBerth& berth, int ready, std::chrono::seconds timeout) {
  auto deadline = Clock::now() + timeout;
  do {
    std::optional<StatusCounts> counts = berth.status();
    if (counts && counts->ready == ready && counts->servers == ready) return true;
    std::this_thread::sleep_for(5ms);
  } while (Clock::now() < deadline);
  return false;
}

// Intervals from each `from` event of a container to its next `to` event, in ms.
std::vector<double> intervals(const std::vector<reconciler::DockerEvent>& events,
                              const std::string& from, const std::string& to) {
  std::map<std::string, std::int64_t> open;
  std::vector<double> result;
  for (const reconciler::DockerEvent& e : events) {
    if (e.action == from) open[e.id] = e.time_nano;
    if (e.action != to) continue;
    auto it = open.find(e.id);
    if (it == open.end()) continue;
    result.push_back(static_cast<double>(e.time_nano - it->second) / 1e6);
    open.erase(it);
  }
  return result;
}

void print_spread(const char* what, const std::vector<double>& v) {
  if (v.empty()) {
    std::printf("%s: no samples\n", what);
    return;
  }
  std::printf("%s: min %.1f median %.1f max %.1f ms (%zu samples)\n", what,
              *std::min_element(v.begin(), v.end()), median(v),
              *std::max_element(v.begin(), v.end()), v.size());
}

// "b<pid>", built without `"b" + std::to_string(…)`, on which GCC 12 warns falsely (-Wrestrict).
std::string run_id() {
  std::string id = std::to_string(::getpid());
  id.insert(id.begin(), 'b');
  return id;
}

struct Run {
  std::string id = run_id();
  fs::path dir;
  int servers = 50;
  int kills = 10;
};

// Phase 1: every spec renamed into the watched directory in one burst.
void drop_specs(const Run& run, const BenchBerth& berth, const fs::path& specs) {
  fs::path staging = run.dir / "staging";
  fs::create_directories(staging);
  for (int i = 0; i < run.servers; ++i) {
    std::string name = "bench-" + std::to_string(i);
    std::ofstream(staging / (name + ".yaml")) << spec_text(name, run.id);
  }
  auto start = Clock::now();
  for (int i = 0; i < run.servers; ++i) {
    std::string file = "bench-" + std::to_string(i) + ".yaml";
    fs::rename(staging / file, specs / file);
  }
  bool ready = wait_ready(berth, run.servers, 180s);
  std::printf("berth: %d specs dropped at once -> %s in %.0f ms\n", run.servers,
              ready ? "all Ready" : "NOT all Ready", ms_since(start));
}

// Phase 3: what berth costs while nothing happens.
void measure_idle(const BenchBerth& berth, int servers) {
  std::this_thread::sleep_for(3s);
  ProcessSample before = berth.sample();
  auto start = Clock::now();
  std::this_thread::sleep_for(10s);
  ProcessSample after = berth.sample();
  double seconds = ms_since(start) / 1000;
  std::printf(
      "idle %.0f s with %d servers: cpu %.2f%% of one core, rss %.1f MiB (peak %.1f MiB), "
      "%d threads\n",
      seconds, servers, 100 * (after.cpu_seconds - before.cpu_seconds) / seconds,
      after.rss_kib / 1024.0, after.peak_rss_kib / 1024.0, after.threads);
}

// Phase 4: kill containers one at a time, each time waiting until all are Ready again.
// Die event → the first start request for that container that berth sent after it.
std::vector<double> reactions(const std::vector<reconciler::DockerEvent>& events,
                              const std::vector<TappedRequest>& requests) {
  std::vector<double> result;
  for (const reconciler::DockerEvent& e : events) {
    if (e.action != "die") continue;
    auto start = std::find_if(requests.begin(), requests.end(), [&](const TappedRequest& r) {
      return r.unix_ns >= e.time_nano &&
             r.line.find("/containers/" + e.id + "/start") != std::string::npos;
    });
    if (start != requests.end())
      result.push_back(static_cast<double>(start->unix_ns - e.time_nano) / 1e6);
  }
  return result;
}

void kill_containers(const Run& run, const BenchBerth& berth, const EventRecorder& events,
                     const SocketTap& tap) {
  std::optional<StatusCounts> counts = berth.status();
  if (!counts) return;
  std::size_t first = events.events().size();
  std::size_t seen = first;
  for (int i = 0; i < run.kills; ++i) {
    std::string id = counts->container_of["bench-" + std::to_string(i % run.servers)];
    run_quietly({"docker", "kill", id});
    // Wait for berth's start of that container, then for its probe to pass.
    auto restarted = [&] {
      std::vector<reconciler::DockerEvent> all = events.events();
      return std::any_of(all.begin() + static_cast<std::ptrdiff_t>(seen), all.end(),
                         [&](auto& e) { return e.id == id && e.action == "start"; });
    };
    for (auto deadline = Clock::now() + 30s; Clock::now() < deadline && !restarted();) {
      std::this_thread::sleep_for(2ms);
    }
    wait_ready(berth, run.servers, 30s);
    seen = events.events().size();
  }
  std::vector<reconciler::DockerEvent> all = events.events();
  all.erase(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(first));
  print_spread("docker kill: die event -> berth's start request", reactions(all, tap.requests()));
  print_spread("docker kill: die event -> berth's restart start event",
               intervals(all, "die", "start"));
}

// Phase 2: the same containers the way a shell script would start them.
std::vector<std::string> docker_run_baseline(const Run& run, reconciler::DockerClient& docker) {
  auto start = Clock::now();
  for (int i = 0; i < run.servers; ++i) {
    run_quietly({"docker",
                 "run",
                 "-d",
                 "-i",
                 "--init",
                 "--network",
                 "none",
                 "--cap-drop",
                 "ALL",
                 "--security-opt",
                 "no-new-privileges",
                 "--memory",
                 "32m",
                 "--pids-limit",
                 "16",
                 "--label",
                 "bench=" + run.id,
                 "--label",
                 "bench.baseline=true",
                 kImage,
                 "stdio",
                 "--quiet"});
  }
  std::printf("baseline: %d x `docker run -d` one after another -> %.0f ms\n", run.servers,
              ms_since(start));
  std::vector<std::string> ids;
  auto listed = docker.list_containers({{"bench.baseline", "true"}, {"bench", run.id}});
  if (listed) {
    for (const reconciler::ContainerSummary& c : *listed) ids.push_back(c.id);
  }
  return ids;
}

// The engine's own share of a restart: start request sent → start event, on stopped containers.
void engine_start_latency(const std::vector<std::string>& ids, reconciler::DockerClient& docker,
                          const EventRecorder& events, int samples) {
  std::vector<double> latencies;
  for (int i = 0; i < samples && i < static_cast<int>(ids.size()); ++i) {
    (void)docker.stop_container(ids[i], 0s);
    std::int64_t sent = unix_ns();
    if (!docker.start_container(ids[i])) continue;
    for (auto deadline = Clock::now() + 5s; Clock::now() < deadline;) {
      std::vector<reconciler::DockerEvent> all = events.events();
      auto it = std::find_if(all.rbegin(), all.rend(), [&](auto& e) {
        return e.id == ids[i] && e.action == "start" && e.time_nano >= sent;
      });
      if (it != all.rend()) {
        latencies.push_back(static_cast<double>(it->time_nano - sent) / 1e6);
        break;
      }
      std::this_thread::sleep_for(2ms);
    }
  }
  print_spread("engine alone: start request -> start event", latencies);
}

void remove_all(reconciler::DockerClient& docker, const reconciler::Labels& labels) {
  auto listed = docker.list_containers(labels);
  if (!listed) return;
  for (const reconciler::ContainerSummary& c : *listed) (void)docker.remove_container(c.id);
}

std::string berth_binary() {
  if (const char* env = std::getenv("BERTH_BINARY")) return env;
  return (fs::canonical("/proc/self/exe").parent_path() / ".." / "berth" / "berth").string();
}

int run_bench(Run& run) {
  reconciler::DockerClient docker(kDocker);
  if (auto version = docker.ping(); !version) {
    std::fprintf(stderr, "docker: %s\n", version.error().c_str());
    return 1;
  }
  char pattern[] = "/tmp/bench-reconcile-XXXXXX";
  run.dir = ::mkdtemp(pattern);
  std::string tap_path = (run.dir / "docker.sock").string();
  SocketTap tap(tap_path, kDockerSocket);
  if (!tap.ok()) {
    std::fprintf(stderr, "cannot listen on %s\n", tap_path.c_str());
    return 1;
  }
  BerthArgs args{berth_binary(), run.dir / "specs",   run.dir / "secrets", run.dir / "berth.log",
                 run.id,         "unix://" + tap_path};
  fs::create_directories(args.specs);
  fs::create_directories(args.secrets);
  EventRecorder events(kDocker, {{"bench", run.id}});
  std::string error;
  std::optional<BenchBerth> berth = BenchBerth::start(args, error);
  if (!berth) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  std::printf("servers: %d stdio test servers (%s, network none); berth %s\n", run.servers, kImage,
              args.binary.c_str());
  drop_specs(run, *berth, args.specs);
  measure_idle(*berth, run.servers);
  kill_containers(run, *berth, events, tap);
  std::vector<std::string> baseline = docker_run_baseline(run, docker);
  engine_start_latency(baseline, docker, events, run.kills);
  std::optional<std::chrono::milliseconds> exit = berth->terminate();
  std::printf("SIGTERM -> exit: %s\n",
              exit ? (std::to_string(exit->count()) + " ms").c_str() : "did not exit in 10 s");
  remove_all(docker, {{"bench", run.id}});
  std::error_code ec;
  fs::remove_all(run.dir, ec);
  return 0;
}

}  // namespace
}  // namespace berth::bench

int main(int argc, char** argv) {
  berth::bench::Run run;
  if (argc > 1) run.servers = std::atoi(argv[1]);
  if (argc > 2) run.kills = std::atoi(argv[2]);
  if (run.servers <= 0 || run.kills < 0) {
    std::fprintf(stderr, "usage: bench_reconcile [SERVERS] [KILLS]\n");
    return 2;
  }
  return berth::bench::run_bench(run);
}
