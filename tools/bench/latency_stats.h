// LatencyStats: the latencies of one benchmark phase's calls, merged from its client threads,
// and the figures printed from them (calls/s, p50, p99). Thread safety: none; each client thread
// fills its own and the phase merges them after the threads are joined.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace berth::bench {

class LatencyStats {
 public:
  void reserve(std::size_t calls) { samples_ns_.reserve(calls); }
  void add(std::int64_t ns) { samples_ns_.push_back(ns); }
  void merge(const LatencyStats& other);

  [[nodiscard]] std::size_t count() const { return samples_ns_.size(); }
  // The p-th percentile (0..100) in ms, nearest rank; 0 with no samples.
  [[nodiscard]] double percentile_ms(double p);

 private:
  std::vector<std::int64_t> samples_ns_;
  bool sorted_ = false;
};

// What one load phase measured.
struct PhaseFigures {
  LatencyStats latencies;
  std::int64_t errors = 0;
  std::int64_t all_calls = 0;  // warm-up included, to share out CPU time
  double seconds = 0;          // the measured window

  [[nodiscard]] double calls_per_second() const {
    return seconds > 0 ? static_cast<double>(latencies.count()) / seconds : 0;
  }
};

// Prints "<label>: N calls/s p50 X ms p99 Y ms" (and the error count, if any).
void print_phase(const std::string& label, PhaseFigures& figures);

}  // namespace berth::bench
