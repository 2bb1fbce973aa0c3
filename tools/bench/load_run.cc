#include "tools/bench/load_run.h"

#include <latch>
#include <thread>
#include <vector>

namespace berth::bench {
namespace {

using Clock = std::chrono::steady_clock;

// A client that fails this many calls in a row gives up (its connection is gone).
constexpr int kMaxFailuresInARow = 1000;

// What one client thread brings back.
struct ClientOutcome {
  LatencyStats latencies;
  std::int64_t errors = 0;
  std::int64_t warmup_calls = 0;
  std::string setup_error;
};

// The window, decided by the main thread once every client is set up.
struct Window {
  Clock::time_point measure_from;
  Clock::time_point until;
};

void drive(LoadClient& client, const Window& window, ClientOutcome& out) {
  int in_a_row = 0;
  while (Clock::now() < window.measure_from) {
    ++out.warmup_calls;
    if (!client.call() && ++in_a_row >= kMaxFailuresInARow) return;
  }
  out.latencies.reserve(200'000);
  for (Clock::time_point start = Clock::now(); start < window.until; start = Clock::now()) {
    if (client.call()) {
      out.latencies.add(
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
      in_a_row = 0;
      continue;
    }
    ++out.errors;
    if (++in_a_row >= kMaxFailuresInARow) return;
  }
}

}  // namespace

std::optional<PhaseFigures> run_load(const LoadOptions& options, const ClientFactory& factory,
                                     std::string& error) {
  std::vector<ClientOutcome> outcomes(static_cast<std::size_t>(options.clients));
  std::latch ready(options.clients);
  std::latch go(1);
  Window window;
  std::vector<std::thread> threads;
  for (int i = 0; i < options.clients; ++i) {
    threads.emplace_back([&, i] {
      ClientOutcome& out = outcomes[static_cast<std::size_t>(i)];
      std::unique_ptr<LoadClient> client = factory(i, out.setup_error);
      ready.count_down();
      go.wait();
      if (client) drive(*client, window, out);
    });
  }
  ready.wait();
  bool all_made = true;
  for (const ClientOutcome& out : outcomes) {
    if (!out.setup_error.empty()) {
      error = out.setup_error;
      all_made = false;
    }
  }
  // Nothing runs when a client is missing: the window is already over.
  window.measure_from = Clock::now() + (all_made ? options.warmup : std::chrono::milliseconds(0));
  window.until = all_made ? window.measure_from + options.measure : window.measure_from;
  go.count_down();
  for (std::thread& t : threads) t.join();
  if (!all_made) return std::nullopt;
  PhaseFigures figures;
  figures.seconds = std::chrono::duration<double>(options.measure).count();
  for (const ClientOutcome& out : outcomes) {
    figures.latencies.merge(out.latencies);
    figures.errors += out.errors;
    figures.all_calls +=
        out.warmup_calls + out.errors + static_cast<std::int64_t>(out.latencies.count());
  }
  return figures;
}

}  // namespace berth::bench
