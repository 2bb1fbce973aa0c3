// bench_proxy: the proxy's targets, measured in one run against berth/test-server:latest.
//   1. berth starts with a stdio and a streamable-http test server (ProxyTargets);
//   2. idle sessions: 1,000 stdio sessions opened through berth and left idle, berth's RSS
//      before and after (measured first, so heap grown by the load phases cannot hide them);
//   3. HTTP: 8 clients, each on its own keep-alive connection and MCP session, call `echo` for
//      10 s (after a 1 s warm-up), straight to the backend's published 127.0.0.1 port, then
//      through berth's /mcp/echo-http, then that again with clients that ACK at once
//      (TCP_QUICKACK: a diagnostic that shows berth without Nagle/delayed-ACK stalls); then one
//      client alone, direct and through berth (the hop's latency on a machine not saturated:
//      8 closed-loop clients keep every core busy, so their figures measure CPU per call);
//   4. stdio: 8 clients share one pipe to `berth-test-server stdio` run as a local child
//      process, then one to `docker run -i` of the image, then go through berth's
//      /mcp/echo-stdio with a session each.
// It prints one line per figure and the CPU each party used in each phase; it asserts nothing.
// Targets: HTTP through berth adds <= 0.2 ms at p50 and keeps >= 80% of direct throughput;
// stdio through berth >= 7,000 calls/s; <= 1 KiB per idle session.
// berth is BERTH_BINARY or ../berth/berth next to this binary; the test server binary is
// BERTH_TEST_SERVER or ../test_server/berth-test-server. Loopback only.

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "tools/bench/cpu_meter.h"
#include "tools/bench/load_run.h"
#include "tools/bench/mcp_http_client.h"
#include "tools/bench/proxy_targets.h"
#include "tools/bench/stdio_pipe_client.h"

namespace berth::bench {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kIdleSessions = 1000;
const LoadOptions kLoad{.clients = 8, .warmup = 1000ms, .measure = 10000ms};
const LoadOptions kOneClient{.clients = 1, .warmup = 1000ms, .measure = 10000ms};

// Who may spend CPU in a phase besides the bench itself.
struct Parties {
  pid_t berth = -1;       // -1: not in this phase
  std::string container;  // the backend as a container, or ""
  pid_t child = -1;       // the backend (or the docker CLI) as a child process, or -1
  const char* backend_name = "backend";
};

// The engine's processes that carry traffic: dockerd (attach streams), docker-proxy (published
// ports), containerd-shim (container stdio). Summed over all of them on the machine.
constexpr const char* kEngineProcesses[] = {"dockerd", "docker-proxy", "containerd-shim"};

struct CpuReading {
  std::optional<double> berth;
  std::optional<double> backend;
  std::vector<double> engine;  // as kEngineProcesses
  double bench = 0;
};

CpuReading read_cpu(const Parties& parties) {
  CpuReading reading;
  if (parties.berth > 0) reading.berth = process_cpu_seconds(parties.berth);
  if (!parties.container.empty()) reading.backend = container_cpu_seconds(parties.container);
  if (parties.child > 0) reading.backend = process_cpu_seconds(parties.child);
  for (const char* name : kEngineProcesses) reading.engine.push_back(processes_cpu_seconds(name));
  reading.bench = self_cpu_seconds();
  return reading;
}

// "<name> 1.23 s (45 us/call)": a party's CPU time, and its share per call of the phase.
void print_share(const char* name, double seconds, std::int64_t calls) {
  std::printf(" %s %.2f s", name, seconds);
  if (calls > 0 && seconds >= 0.005) std::printf(" (%.0f us/call)", seconds * 1e6 / calls);
  std::printf(",");
}

void print_cpu(const Parties& parties, const CpuReading& before, const CpuReading& after,
               double wall, std::int64_t calls) {
  std::printf("  cpu over %.1f s (warm-up included):", wall);
  if (before.berth && after.berth) print_share("berth", *after.berth - *before.berth, calls);
  if (before.backend && after.backend) {
    print_share(parties.backend_name, *after.backend - *before.backend, calls);
  }
  for (std::size_t i = 0; i < std::size(kEngineProcesses); ++i) {
    print_share(kEngineProcesses[i], after.engine[i] - before.engine[i], calls);
  }
  std::printf(" bench clients %.2f s\n", after.bench - before.bench);
}

std::optional<PhaseFigures> run_phase(const std::string& label, const Parties& parties,
                                      const ClientFactory& factory,
                                      const LoadOptions& load = kLoad) {
  CpuReading before = read_cpu(parties);
  Clock::time_point start = Clock::now();
  std::string error;
  std::optional<PhaseFigures> figures = run_load(load, factory, error);
  double wall = std::chrono::duration<double>(Clock::now() - start).count();
  CpuReading after = read_cpu(parties);
  if (!figures) {
    std::printf("%s: not measured: %s\n", label.c_str(), error.c_str());
    return std::nullopt;
  }
  print_phase(label, *figures);
  print_cpu(parties, before, after, wall, figures->all_calls);
  return figures;
}

class HttpLoadClient final : public LoadClient {
 public:
  explicit HttpLoadClient(std::unique_ptr<McpHttpClient> client) : client_(std::move(client)) {}
  bool call() override { return client_->call_echo(); }

 private:
  std::unique_ptr<McpHttpClient> client_;
};

// Each client: its own connection to 127.0.0.1:port and its own MCP session on `path`.
ClientFactory http_clients(std::uint16_t port, const std::string& path, bool quick_ack = false) {
  return [port, path, quick_ack](int, std::string& error) -> std::unique_ptr<LoadClient> {
    std::unique_ptr<McpHttpClient> client = McpHttpClient::connect(port, path, error);
    if (!client) return nullptr;
    client->set_quick_ack(quick_ack);
    if (!client->initialize(error)) return nullptr;
    return std::make_unique<HttpLoadClient>(std::move(client));
  };
}

class PipeLoadClient final : public LoadClient {
 public:
  explicit PipeLoadClient(StdioPipeClient& pipe) : pipe_(pipe) {}
  bool call() override { return pipe_.call_echo(); }

 private:
  StdioPipeClient& pipe_;
};

// Every client shares `pipe` (initialized once, like one MCP client multiplexing its calls).
std::optional<PhaseFigures> run_pipe_phase(const std::string& label,
                                           const std::vector<std::string>& argv,
                                           const char* child_name) {
  std::string error;
  std::unique_ptr<StdioPipeClient> pipe = StdioPipeClient::spawn(argv, error);
  if (!pipe || !pipe->initialize(error)) {
    std::printf("%s: not measured: %s\n", label.c_str(), error.c_str());
    return std::nullopt;
  }
  Parties parties;
  parties.child = pipe->pid();
  parties.backend_name = child_name;
  return run_phase(label, parties, [&pipe](int, std::string&) -> std::unique_ptr<LoadClient> {
    return std::make_unique<PipeLoadClient>(*pipe);
  });
}

// Opens kIdleSessions sessions on one connection and closes it; the session ids.
std::vector<std::string> open_idle_sessions(std::uint16_t port, const std::string& path,
                                            std::string& error) {
  std::vector<std::string> ids;
  std::unique_ptr<McpHttpClient> client = McpHttpClient::connect(port, path, error);
  for (int i = 0; client && i < kIdleSessions; ++i) {
    if (!client->initialize(error)) break;
    ids.push_back(client->session_id());
  }
  return ids;
}

void measure_idle_sessions(ProxyTargets& targets) {
  BenchBerth& berth = targets.berth();
  std::string path = std::string("/mcp/") + kStdioServer;
  std::this_thread::sleep_for(2s);
  std::int64_t before = berth.sample().rss_kib;
  Clock::time_point start = Clock::now();
  std::string error;
  std::vector<std::string> ids = open_idle_sessions(berth.port(), path, error);
  double open_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  std::this_thread::sleep_for(2s);
  std::int64_t after = berth.sample().rss_kib;
  if (ids.size() != kIdleSessions) {
    std::printf("idle sessions: only %zu of %d opened: %s\n", ids.size(), kIdleSessions,
                error.c_str());
  }
  double per_session =
      ids.empty() ? 0 : static_cast<double>(after - before) / static_cast<double>(ids.size());
  std::printf(
      "idle sessions: %zu stdio sessions opened in %.0f ms, connection closed; berth rss %lld -> "
      "%lld KiB: %.1f KiB per idle session (target <= 1 KiB)\n",
      ids.size(), open_ms, static_cast<long long>(before), static_cast<long long>(after),
      per_session);
  std::unique_ptr<McpHttpClient> client = McpHttpClient::connect(berth.port(), path, error);
  int ended = 0;
  for (const std::string& id : ids) {
    if (!client) break;
    client->use_session(id);
    ended += client->end_session() ? 1 : 0;
  }
  client.reset();
  std::this_thread::sleep_for(1s);
  std::printf("idle sessions: %d ended by DELETE; berth rss now %lld KiB\n", ended,
              static_cast<long long>(berth.sample().rss_kib));
}

void compare_http(const std::string& label, PhaseFigures& direct, PhaseFigures& through) {
  double added = through.latencies.percentile_ms(50) - direct.latencies.percentile_ms(50);
  double ratio = direct.calls_per_second() > 0
                     ? 100 * through.calls_per_second() / direct.calls_per_second()
                     : 0;
  std::printf(
      "%s vs direct: p50 %+.3f ms (target <= +0.200 ms), throughput %.1f%% of direct "
      "(target >= 80%%)\n",
      label.c_str(), added, ratio);
}

std::string berth_binary() {
  if (const char* env = std::getenv("BERTH_BINARY")) return env;
  return (fs::canonical("/proc/self/exe").parent_path() / ".." / "berth" / "berth").string();
}

std::string test_server_binary() {
  if (const char* env = std::getenv("BERTH_TEST_SERVER")) return env;
  return (fs::canonical("/proc/self/exe").parent_path() / ".." / "test_server" /
          "berth-test-server")
      .string();
}

// "bp<pid>", built without `"bp" + std::to_string(…)`, on which GCC 12 warns falsely.
std::string instance_name() {
  std::string id = std::to_string(::getpid());
  id.insert(0, "bp");
  return id;
}

void run_http(ProxyTargets& targets) {
  std::uint16_t backend = targets.http_backend_port();
  Parties direct_parties;
  direct_parties.container = targets.http_container();
  std::optional<PhaseFigures> direct =
      run_phase("http direct (127.0.0.1:" + std::to_string(backend) + "/mcp)", direct_parties,
                http_clients(backend, "/mcp"));
  std::string path = std::string("/mcp/") + kHttpServer;
  Parties berth_parties = direct_parties;
  berth_parties.berth = targets.berth().pid();
  std::optional<PhaseFigures> through =
      run_phase("http through berth (" + path + ")", berth_parties,
                http_clients(targets.berth().port(), path));
  if (direct && through) compare_http("http berth", *direct, *through);
  // Diagnostic: the same with a client that ACKs at once, i.e. berth without the Nagle stall.
  std::optional<PhaseFigures> quick =
      run_phase("http through berth, client quick-ACKs (diagnostic)", berth_parties,
                http_clients(targets.berth().port(), path, true));
  if (direct && quick) compare_http("http berth with quick-ACK client", *direct, *quick);
  std::optional<PhaseFigures> direct_one =
      run_phase("http direct, 1 client", direct_parties, http_clients(backend, "/mcp"), kOneClient);
  std::optional<PhaseFigures> through_one =
      run_phase("http through berth, 1 client", berth_parties,
                http_clients(targets.berth().port(), path), kOneClient);
  if (direct_one && through_one) compare_http("http berth, 1 client", *direct_one, *through_one);
}

void run_stdio(ProxyTargets& targets) {
  std::string binary = test_server_binary();
  if (fs::exists(binary)) {
    run_pipe_phase("stdio direct (local child process, one shared pipe)",
                   {binary, "stdio", "--quiet"}, "test server");
  } else {
    std::printf("stdio direct (local child process): skipped, no %s\n", binary.c_str());
  }
  run_pipe_phase("stdio direct (docker run -i, one shared pipe)",
                 {"docker", "run", "-i", "--rm", "--network", "none", "--label",
                  "bench=" + targets.instance(), kTestServerImage, "stdio", "--quiet"},
                 "docker CLI");
  std::string path = std::string("/mcp/") + kStdioServer;
  Parties parties;
  parties.berth = targets.berth().pid();
  parties.container = targets.stdio_container();
  std::optional<PhaseFigures> through =
      run_phase("stdio through berth (" + path + ", a session per client)", parties,
                http_clients(targets.berth().port(), path));
  if (through) {
    std::printf("stdio berth: %.0f calls/s (target >= 7000)\n", through->calls_per_second());
  }
}

int run_bench() {
  ::signal(SIGPIPE, SIG_IGN);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as soon as it is known, even in a pipe
  std::string error;
  std::string binary = berth_binary();
  std::unique_ptr<ProxyTargets> targets = ProxyTargets::start(binary, instance_name(), error);
  if (!targets) {
    std::fprintf(stderr, "bench_proxy: %s\n", error.c_str());
    return 1;
  }
  std::printf(
      "berth %s instance %s, backend %s; %d clients, %.0f s warm-up + %.0f s per phase, "
      "%u cores\n",
      binary.c_str(), targets->instance().c_str(), kTestServerImage, kLoad.clients,
      std::chrono::duration<double>(kLoad.warmup).count(),
      std::chrono::duration<double>(kLoad.measure).count(), std::thread::hardware_concurrency());
  measure_idle_sessions(*targets);
  run_http(*targets);
  run_stdio(*targets);
  ProcessSample end = targets->berth().sample();
  std::printf("berth at the end: rss %.1f MiB (peak %.1f MiB), %d threads\n", end.rss_kib / 1024.0,
              end.peak_rss_kib / 1024.0, end.threads);
  return 0;
}

}  // namespace
}  // namespace berth::bench

int main() { return berth::bench::run_bench(); }
