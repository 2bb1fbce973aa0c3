#include "tools/bench/latency_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace berth::bench {

void LatencyStats::merge(const LatencyStats& other) {
  samples_ns_.insert(samples_ns_.end(), other.samples_ns_.begin(), other.samples_ns_.end());
  sorted_ = false;
}

double LatencyStats::percentile_ms(double p) {
  if (samples_ns_.empty()) return 0;
  if (!sorted_) {
    std::sort(samples_ns_.begin(), samples_ns_.end());
    sorted_ = true;
  }
  double rank = std::ceil(p / 100.0 * static_cast<double>(samples_ns_.size()));
  std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  index = std::min(index, samples_ns_.size() - 1);
  return static_cast<double>(samples_ns_[index]) / 1e6;
}

void print_phase(const std::string& label, PhaseFigures& figures) {
  std::printf("%s: %.0f calls/s p50 %.3f ms p99 %.3f ms", label.c_str(), figures.calls_per_second(),
              figures.latencies.percentile_ms(50), figures.latencies.percentile_ms(99));
  if (figures.errors > 0)
    std::printf(" (%lld failed calls)", static_cast<long long>(figures.errors));
  std::printf("\n");
}

}  // namespace berth::bench
