// run_load: one load phase of the proxy benchmark. N client threads each set up their client
// (untimed: connect, initialize), wait for one another, run a short warm-up, then call in a loop
// until the measured window ends, timing every call. Thread safety: run_load owns its threads;
// a LoadClient is only ever used by the thread that made it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "tools/bench/latency_stats.h"

namespace berth::bench {

// A client of a load phase, made and used by one thread.
class LoadClient {
 public:
  virtual ~LoadClient() = default;
  // One call, waited for; false if it failed (counted as an error, not timed).
  virtual bool call() = 0;
};

// Makes client `index` on its own thread; nullptr with `error` if it cannot.
using ClientFactory = std::function<std::unique_ptr<LoadClient>(int index, std::string& error)>;

struct LoadOptions {
  int clients = 8;
  std::chrono::milliseconds warmup{1000};
  std::chrono::milliseconds measure{10000};
};

// The figures of the measured window; nullopt with `error` if a client could not be made.
std::optional<PhaseFigures> run_load(const LoadOptions& options, const ClientFactory& factory,
                                     std::string& error);

}  // namespace berth::bench
